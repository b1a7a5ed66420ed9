using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Notifications;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Runtime;

/// <summary>External effects go through the outbox: written with the state change, delivered later, retried, dead-lettered.</summary>
public sealed class OutboxTests
{
    /// <summary>A channel that fails a given number of times before it delivers.</summary>
    private sealed class FlakyChannel(int failures) : INotificationChannel
    {
        public List<OutboxMessage> Delivered { get; } = [];
        public int Calls { get; private set; }

        public string Name => "test";

        public Task<IReadOnlyList<string>> TargetsAsync(Notification notification, BlauwdrukDbContext db, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(["ontvanger"]);

        public Task DeliverAsync(Notification notification, NotificationDelivery delivery, BlauwdrukDbContext db, CancellationToken cancellationToken)
        {
            if (++Calls <= failures)
            {
                throw new HttpRequestException("Ontvanger niet bereikbaar");
            }

            Delivered.Add(notification.Message);
            return Task.CompletedTask;
        }
    }

    private sealed class Host(FlakyChannel channel) : BlauwdrukApiFactory(Engine.Storage.StorageProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<INotificationChannel>(channel));
        }
    }

    private static async Task<InstanceResponse> RaiseSafetyConcern(BlauwdrukApiFactory host)
    {
        var midwife = host.ClientFor("verloskundige-maas");
        var instance = await midwife.StartFor("CL-OUTBOX", pathway: "blauwdruk");
        await midwife.RaiseAsync(instance, "safety-concern");
        return instance;
    }

    private static async Task<OutboxMessage> Message(BlauwdrukApiFactory host, Guid instance)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == instance);
    }

    private static async Task<NotificationDelivery> Delivery(BlauwdrukApiFactory host, Guid message)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Set<NotificationDelivery>().AsNoTracking().SingleAsync(d => d.MessageId == message);
    }

    [Fact]
    public async Task A_safety_concern_is_written_to_the_outbox_with_the_state_change_and_delivered_after_retries()
    {
        var channel = new FlakyChannel(failures: 2);
        await using var host = new Host(channel);
        var instance = await RaiseSafetyConcern(host);
        var worker = host.Services.GetRequiredService<OutboxWorker>();

        var pending = await Message(host, instance.Id);
        var first = await worker.RunDueAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await worker.RunDueAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var third = await worker.RunDueAsync(CancellationToken.None);
        var dispatched = await Message(host, instance.Id);
        var delivered = await Delivery(host, pending.Id);

        Assert.Equal(("signal-raised", "ura:90000101", "{\"signalId\":\"safety-concern\"}"), (pending.Type, pending.OrganisationId, pending.Payload));
        Assert.Equal(("aandachtsfunctionaris", true), (pending.Role, pending.Confidential));
        Assert.Null(pending.DispatchedAt);
        Assert.NotNull(dispatched.DispatchedAt);
        Assert.Equal((0, 0, 1), (first, second, third));
        Assert.Equal(("test", "ontvanger", 3), (delivered.Channel, delivered.Target, delivered.Attempts));
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(pending.Id, Assert.Single(channel.Delivered).Id);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_and_stays_visible()
    {
        var channel = new FlakyChannel(failures: int.MaxValue);
        await using var host = new Host(channel);
        var instance = await RaiseSafetyConcern(host);
        var worker = host.Services.GetRequiredService<OutboxWorker>();

        for (var round = 0; round < 10; round++)
        {
            await worker.RunDueAsync(CancellationToken.None);
            host.Clock.Advance(TimeSpan.FromHours(3));
        }

        var message = await Delivery(host, (await Message(host, instance.Id)).Id);
        Assert.Equal(8, message.Attempts);
        Assert.NotNull(message.DeadLetteredAt);
        Assert.Null(message.DeliveredAt);
        Assert.Equal("Ontvanger niet bereikbaar", message.LastError);
        Assert.Equal(8, channel.Calls);
    }
}
