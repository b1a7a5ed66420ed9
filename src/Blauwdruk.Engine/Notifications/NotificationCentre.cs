using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Notifications;

/// <summary>A notification in the web app's bell: what it is about and where it leads, never client data.</summary>
public sealed record BellItem(Guid Id, string Type, string Subject, string Text, Uri Link, DateTimeOffset At, bool Read);

/// <summary>A delivery as the functional administrator sees it.</summary>
public sealed record DeliveryView(
    Guid Id, Guid MessageId, string Type, string Channel, string Target, DeliveryStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? DeadLetteredAt, string? LastError);

/// <summary>The counts per channel and status on the operations page.</summary>
public sealed record ChannelCounts(string Channel, int Pending, int Failing, int DeadLettered, int Delivered);

/// <summary>A webhook subscription as its organisation sees it (never the secret, except once when made).</summary>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Types, string? Description, bool Active, DateTimeOffset CreatedAt, string? Secret = null);

/// <summary>
/// The notifications of a user and of an organisation: the bell (the outbox messages for her organisation and role,
/// with what she has read), her e-mail choices, and for the functional administrator the webhooks and the deliveries
/// with their failures and a retry.
/// </summary>
public sealed class NotificationCentre(BlauwdrukDbContext db, PathwayCatalog catalog, WebhookChannel webhooks, TimeProvider time, IOptions<NotificationOptions> options)
{
    /// <summary>The role that manages an organisation's subscriptions and sees its deliveries.</summary>
    public const string AdministratorRole = "functioneel-beheerder";

    /// <summary>How many of a user's latest notifications the bell looks at.</summary>
    public const int BellSize = 100;

    /// <summary>The user's latest notifications, newest first, with whether she read each.</summary>
    public async Task<IReadOnlyList<BellItem>> BellAsync(Actor actor, int take, CancellationToken cancellationToken)
    {
        var messages = await Mine(actor).Take(Math.Clamp(take, 1, BellSize)).ToListAsync(cancellationToken);
        var read = await ReadAsync(actor, messages.Select(m => m.Id).ToList(), cancellationToken);
        var instances = messages.Select(m => m.InstanceId).Distinct().ToList();
        var versions = await db.Instances.AsNoTracking().Where(i => instances.Contains(i.Id))
            .Select(i => new { i.Id, i.PathwayId, i.PathwayVersion }).ToDictionaryAsync(i => i.Id, cancellationToken);
        return messages.Select(m =>
        {
            var definition = versions.TryGetValue(m.InstanceId, out var v) ? catalog.Find(v.PathwayId, v.PathwayVersion) : null;
            var (subject, text, link) = NotificationTexts.For(new Notification(m, definition), options.Value.BaseUrl);
            return new BellItem(m.Id, m.Type, subject, text, new Uri(link.PathAndQuery, UriKind.Relative), m.CreatedAt, read.Contains(m.Id));
        }).ToList();
    }

    /// <summary>How many of the user's latest notifications she has not read (ids only: no texts are made).</summary>
    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken cancellationToken) =>
        (await UnreadIdsAsync(actor, cancellationToken)).Count;

    /// <summary>Marks notifications read for the user (only those that are hers).</summary>
    public async Task MarkReadAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var mine = (await UnreadIdsAsync(actor, cancellationToken)).Where(ids.Contains);
        var now = time.GetUtcNow();
        db.Set<NotificationRead>().AddRange(mine.Select(id => new NotificationRead { UserId = actor.UserId, MessageId = id, ReadAt = now }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsConcurrentWrite())
        {
            // Read in another tab at the same moment: read is read.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The outbox messages for the user's organisation and role, newest first.</summary>
    private IQueryable<OutboxMessage> Mine(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var roles = actor.Roles.ToList();
        return db.Outbox.AsNoTracking()
            .Where(m => m.OrganisationId == actor.OrganisationId && (m.Role == null || roles.Contains(m.Role)))
            .OrderByDescending(m => m.CreatedAt);
    }

    private async Task<List<Guid>> UnreadIdsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var latest = await Mine(actor).Take(BellSize).Select(m => m.Id).ToListAsync(cancellationToken);
        var read = await ReadAsync(actor, latest, cancellationToken);
        return latest.Where(id => !read.Contains(id)).ToList();
    }

    private async Task<HashSet<Guid>> ReadAsync(Actor actor, List<Guid> ids, CancellationToken cancellationToken) =>
        (await db.Set<NotificationRead>().AsNoTracking()
            .Where(r => r.UserId == actor.UserId && ids.Contains(r.MessageId)).Select(r => r.MessageId).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>What the user receives by e-mail; a new user receives nothing beyond her organisation's address.</summary>
    public async Task<NotificationPreference> PreferenceAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await db.Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == actor.UserId, cancellationToken)
            ?? new NotificationPreference { UserId = actor.UserId, OrganisationId = actor.OrganisationId, Role = PrimaryRole(actor) };
    }

    /// <summary>Saves the user's e-mail choice; refuses (and changes nothing) an address that is not one, or types that do not exist.</summary>
    public async Task<string?> SavePreferenceAsync(Actor actor, string? email, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(types);
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is null && types.Count > 0)
        {
            return "Vul het e-mailadres in waarop u de meldingen wilt ontvangen.";
        }

        if (email is not null && !ContactFormats.EmailAddress().IsMatch(email))
        {
            return $"'{email}' is geen e-mailadres (naam@domein.nl).";
        }

        if (types.FirstOrDefault(t => !NotificationTexts.Types.Contains(t)) is { } unknown)
        {
            return $"Onbekend soort melding '{unknown}'; kies uit {string.Join(", ", NotificationTexts.Types)}.";
        }

        var set = db.Set<NotificationPreference>();
        var preference = await set.SingleOrDefaultAsync(p => p.UserId == actor.UserId, cancellationToken);
        if (preference is null)
        {
            preference = new NotificationPreference { UserId = actor.UserId, OrganisationId = actor.OrganisationId, Role = PrimaryRole(actor) };
            set.Add(preference);
        }

        (preference.OrganisationId, preference.Role) = (actor.OrganisationId, PrimaryRole(actor));
        preference.Email = email;
        preference.EmailTypes = string.Join(',', NotificationTexts.Types.Where(types.Contains));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<IReadOnlyList<WebhookView>> WebhooksAsync(Actor actor, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        var rows = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.OrganisationId == actor.OrganisationId)
            .OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>Adds a webhook for the administrator's organisation; the answer carries the secret, the only time it is shown.</summary>
    public async Task<(WebhookView? Made, string? Problem)> AddWebhookAsync(Actor actor, string url, IReadOnlyCollection<string> types, string? description, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        ArgumentNullException.ThrowIfNull(types);
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var address)
            || !(address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp && options.Value.Webhooks.AllowHttp))
        {
            return (null, options.Value.Webhooks.AllowHttp
                ? $"'{url}' is geen adres van een webhook (http:// of https://…)."
                : $"'{url}' is geen https-adres: een webhook ontvangt alleen over https.");
        }

        if (types.FirstOrDefault(t => !NotificationTexts.Types.Contains(t)) is { } unknown)
        {
            return (null, $"Onbekend soort melding '{unknown}'; kies uit {string.Join(", ", NotificationTexts.Types)}.");
        }

        var secret = WebhookChannel.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = actor.OrganisationId,
            Url = address.ToString(),
            ProtectedSecret = webhooks.Protect(secret),
            Types = string.Join(',', NotificationTexts.Types.Where(types.Contains)),
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor.UserId,
        };
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return (View(subscription) with { Secret = secret }, null);
    }

    /// <summary>Removes a webhook of the administrator's organisation; its pending deliveries then fail as "removed".</summary>
    public async Task<bool> RemoveWebhookAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        return await db.Set<WebhookSubscription>().Where(s => s.Id == id && s.OrganisationId == actor.OrganisationId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <summary>The deliveries for the administrator's organisation, newest first, optionally of one status.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Actor actor, DeliveryStatus? status, int take, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        var query = db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.OrganisationId == actor.OrganisationId);
        query = status switch
        {
            DeliveryStatus.Delivered => query.Where(d => d.DeliveredAt != null),
            DeliveryStatus.DeadLettered => query.Where(d => d.DeadLetteredAt != null),
            DeliveryStatus.Failing => query.Where(d => d.DeliveredAt == null && d.DeadLetteredAt == null && d.LastError != null),
            DeliveryStatus.Pending => query.Where(d => d.DeliveredAt == null && d.DeadLetteredAt == null && d.LastError == null),
            _ => query,
        };
        var rows = await query.OrderByDescending(d => d.CreatedAt).Take(Math.Clamp(take, 1, 500))
            .Join(db.Outbox, d => d.MessageId, m => m.Id, (d, m) => new { Delivery = d, m.Type })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DeliveryView(r.Delivery.Id, r.Delivery.MessageId, r.Type, r.Delivery.Channel, r.Delivery.Target, r.Delivery.Status,
            r.Delivery.Attempts, r.Delivery.CreatedAt, r.Delivery.NextAttemptAt, r.Delivery.DeliveredAt, r.Delivery.DeadLetteredAt, r.Delivery.LastError)).ToList();
    }

    /// <summary>The counts per channel for the administrator's organisation.</summary>
    public async Task<IReadOnlyList<ChannelCounts>> CountsAsync(Actor actor, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        var rows = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.OrganisationId == actor.OrganisationId)
            .GroupBy(d => d.Channel)
            .Select(g => new ChannelCounts(
                g.Key,
                g.Count(d => d.DeliveredAt == null && d.DeadLetteredAt == null && d.LastError == null),
                g.Count(d => d.DeliveredAt == null && d.DeadLetteredAt == null && d.LastError != null),
                g.Count(d => d.DeadLetteredAt != null),
                g.Count(d => d.DeliveredAt != null)))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Channel, StringComparer.Ordinal).ToList();
    }

    /// <summary>Tries a failed or dead-lettered delivery of the administrator's organisation again at the next round; false when there is none.</summary>
    public async Task<bool> RetryAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        RequireAdministrator(actor);
        var now = time.GetUtcNow();
        return await db.Set<NotificationDelivery>()
            .Where(d => d.Id == id && d.OrganisationId == actor.OrganisationId && d.DeliveredAt == null && (d.DeadLetteredAt != null || d.LastError != null))
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.DeadLetteredAt, (DateTimeOffset?)null)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.LeaseOwner, (Guid?)null), cancellationToken) == 1;
    }

    private static string PrimaryRole(Actor actor) => actor.Roles.Count > 0 ? actor.Roles[0] : "";

    private static void RequireAdministrator(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.HasRole(AdministratorRole))
        {
            throw new UnauthorizedAccessException("Alleen de functioneel beheerder van de organisatie beheert meldingen en abonnementen.");
        }
    }

    private static WebhookView View(WebhookSubscription s) =>
        new(s.Id, s.Url, s.Types.Length == 0 ? NotificationTexts.Types : s.Types.Split(','), s.Description, s.Active, s.CreatedAt);
}
