using Blauwdruk.Engine.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Notifications;

/// <summary>
/// E-mail through an SMTP server (MailKit): to the organisation's address in the operational pathway (the role's own
/// address where the overlay gives one) unless the overlay switches e-mail off for it, and to every user of that
/// organisation and role who asked for this kind of message. The text is <see cref="NotificationTexts"/>: no client data.
/// </summary>
public sealed class EmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public async Task<IReadOnlyList<string>> TargetsAsync(Notification notification, BlauwdrukDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(db);
        var message = notification.Message;
        var targets = new List<string>();
        if (string.IsNullOrEmpty(options.Value.Smtp.Host))
        {
            // No SMTP server set up: e-mail is off for this deployment, and nothing piles up for it.
            return targets;
        }

        if (notification.Organisation is { EmailNotifications: not false } organisation
            && (message.Role is not null && organisation.RoleEmails?.GetValueOrDefault(message.Role) is { } roleAddress ? roleAddress : organisation.Email) is { } address)
        {
            targets.Add(address);
        }

        var users = await db.Set<NotificationPreference>().AsNoTracking()
            .Where(p => p.OrganisationId == message.OrganisationId && p.Email != null && (message.Role == null || p.Role == message.Role))
            .ToListAsync(cancellationToken);
        targets.AddRange(users.Where(p => p.WantsEmail(message.Type)).Select(p => p.Email!));
        return targets;
    }

    public async Task DeliverAsync(Notification notification, NotificationDelivery delivery, BlauwdrukDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(delivery);
        var settings = options.Value;
        var smtp = settings.Smtp;
        if (string.IsNullOrEmpty(smtp.Host))
        {
            throw new InvalidOperationException("Er is geen SMTP-server ingesteld (Notifications:Smtp:Host).");
        }

        var (subject, text, link) = NotificationTexts.For(notification, settings.BaseUrl);
        var mail = new MimeMessage
        {
            Subject = subject,
            // The message id is stable over retries, so a mailbox that got it twice can tell.
            MessageId = $"{delivery.Id:N}@blauwdruk",
            Body = new TextPart("plain")
            {
                Text = $"{text}\n\nOpenen: {link}\n\nDit bericht bevat bewust geen gegevens van de cliënt. U ontvangt het omdat uw organisatie of u dit in Blauwdruk heeft ingesteld.\n",
            },
        };
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(delivery.Target));
        mail.Headers.Add("X-Blauwdruk-Event", notification.Message.Id.ToString());

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 500 and < 600 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
        {
            // 5xx on the recipient or sender: the address is wrong, another try would get the same answer.
            throw new PermanentDeliveryException($"De SMTP-server weigert het bericht ({(int)ex.StatusCode}): {ex.Message}", ex);
        }
    }
}
