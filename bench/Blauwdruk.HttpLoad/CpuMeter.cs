using System.Globalization;

/// <summary>
/// CPU time (user + system, from <c>/proc</c>) of the host process and of PostgreSQL on this machine, and
/// the host's resident memory. PostgreSQL's is every live <c>postgres</c> process plus what its exited
/// children used (the postmaster's <c>cutime</c> and <c>cstime</c>). Linux only; without <c>/proc</c> or a
/// host pid the figures are zero.
/// </summary>
internal sealed class CpuMeter(int? hostPid)
{
    private static readonly double TicksPerMs = 100 / 1000.0; // USER_HZ is 100 on Linux

    public readonly record struct Sample(double HostMs, double PostgresMs);

    public Sample Now() => new(hostPid is { } pid ? ProcessMs(pid, children: false) : 0, PostgresMs());

    /// <summary>The host's resident set in MB (VmRSS), or 0.</summary>
    public double HostRssMb()
    {
        if (hostPid is not { } pid || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static double PostgresMs()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat.Contains("(postgres)", StringComparison.Ordinal))
                {
                    continue;
                }

                // The postmaster (parent pid 1 or a shell) also carries its exited children's time.
                total += ProcessMs(pid, children: Fields(stat)[1] is var parent && !IsPostgres(parent));
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return total;
    }

    private static bool IsPostgres(string pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Contains("(postgres)", StringComparison.Ordinal);

    private static double ProcessMs(int pid, bool children)
    {
        try
        {
            var fields = Fields(File.ReadAllText($"/proc/{pid}/stat"));
            // After "pid (comm)": state ppid … utime is field 14, stime 15, cutime 16, cstime 17 (1-based), i.e. 11–14 here.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (children)
            {
                ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }

            return ticks / TicksPerMs;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The fields after the command name: state, ppid, … (the name may contain spaces).</summary>
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
