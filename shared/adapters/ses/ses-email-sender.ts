import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import type { EmailMessage, EmailSender, SentEmail } from '../../ports/email';

/**
 * Sends email through Amazon SES (v2 API) from a verified identity. Plain-text bodies only: no tracking
 * pixels or remote content in security mail. The kind is attached as a message tag for the SES event
 * destination (bounces, complaints per mail type).
 */
export class SesEmailSender implements EmailSender {
  private readonly ses: () => Promise<SESv2Client>;

  constructor(
    ses: ClientSource<SESv2Client>,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {
    this.ses = deferredClient(ses);
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    // Loaded on the first email, not at cold start (ClientSource).
    const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    const out = await (
      await this.ses()
    ).send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
        EmailTags: [{ Name: 'kind', Value: message.kind }],
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
      }),
    );
    if (!out.MessageId) throw new Error('SES accepted the message without a MessageId');
    return { messageId: out.MessageId };
  }
}
