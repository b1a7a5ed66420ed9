using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Blauwdruk.Api.Tests.Notifications;

/// <summary>A real SMTP server (the SmtpServer library) on a loopback port: keeps what it receives, refuses the addresses it is told to.</summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _running;

    public TestSmtpServer(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
        // Listening once a client can connect.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"The test SMTP server did not listen on {Port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            try
            {
                await _running!;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.ContainsKey($"{to.User}@{to.Host}"));
    }
}

/// <summary>
/// An organisation's own system receiving webhooks (Kestrel on a loopback port): verifies the Standard Webhooks signature
/// with its secret, handles each event id once, and can be told to answer 503 after handling (so the sender retries).
/// </summary>
internal sealed class TestWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private TestWebhookReceiver(WebApplication app) => _app = app;

    public string? Secret { get; set; }
    public Uri Url { get; private set; } = null!;

    /// <summary>Every request that arrived: its id, whether its signature was right, and the body.</summary>
    public ConcurrentQueue<(string Id, bool SignatureValid, string Body)> Requests { get; } = new();

    /// <summary>The events handled, once per id.</summary>
    public ConcurrentDictionary<string, string> Handled { get; } = new();

    public void FailAfterHandling(int times) => _failuresLeft = times;

    public static async Task<TestWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TestWebhookReceiver(app);
        app.MapPost("/hooks/blauwdruk", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            var id = request.Headers["webhook-id"].ToString();
            var valid = receiver.Verify(id, request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(), bytes);
            var text = Encoding.UTF8.GetString(bytes);
            receiver.Requests.Enqueue((id, valid, text));
            if (!valid)
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            receiver.Handled.TryAdd(id, text); // a redelivery of the same id is not handled again
            return Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/blauwdruk");
        return receiver;
    }

    /// <summary>The receiver's side of the scheme, written from the README: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the secret's bytes.</summary>
    private bool Verify(string id, string timestamp, string signatures, byte[] body)
    {
        if (Secret is null || !Secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray()));
        return signatures.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
