using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Engine.Storage;

/// <summary>A key every host shares, by name, protected with ASP.NET Data Protection (whose key ring is in the database too).</summary>
public sealed class SecretRecord
{
    public required string Name { get; set; }

    /// <summary>The key, protected, as base64.</summary>
    public required string Protected { get; set; }
}

/// <summary>
/// Random keys the hosts share (the key of the BSN's keyed hash): 32 bytes made on first use and kept in
/// <c>secrets</c>; read once per process, then kept in memory. Two hosts that make the same key at once
/// both insert it: one wins, the other reads the winner's.
/// </summary>
public sealed class Secrets(IServiceScopeFactory scopes, IDataProtectionProvider protection)
{
    private readonly ConcurrentDictionary<string, byte[]> _known = new(StringComparer.Ordinal);

    public async Task<byte[]> KeyAsync(string name, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(name, out var known))
        {
            return known;
        }

        var protector = protection.CreateProtector("Blauwdruk.Secret.v1", name);
        // A context of its own: the caller's unit of work (a command being staged) is not saved with it.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var key = await ReadAsync(db, protector, name, cancellationToken);
        if (key is null)
        {
            var made = RandomNumberGenerator.GetBytes(32);
            db.Secrets.Add(new SecretRecord { Name = name, Protected = Convert.ToBase64String(protector.Protect(made)) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                key = made;
            }
            catch (DbUpdateException ex) when (ex.IsConcurrentWrite())
            {
                db.ChangeTracker.Clear();
                key = await ReadAsync(db, protector, name, cancellationToken)
                    ?? throw new InvalidOperationException($"Secret '{name}' was inserted by another host but cannot be read.");
            }
        }

        return _known.GetOrAdd(name, key);
    }

    private static async Task<byte[]?> ReadAsync(BlauwdrukDbContext db, IDataProtector protector, string name, CancellationToken cancellationToken) =>
        await db.Secrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Protected).SingleOrDefaultAsync(cancellationToken) is { } stored
            ? protector.Unprotect(Convert.FromBase64String(stored))
            : null;
}

internal sealed class SecretRecordConfiguration : IEntityTypeConfiguration<SecretRecord>
{
    public void Configure(EntityTypeBuilder<SecretRecord> builder)
    {
        builder.ToTable("secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}
