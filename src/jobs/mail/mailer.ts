import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per (event, recipient): a retried message carries the same one. */
  messageId: string;
  headers: Record<string, string>;
  attachments: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface Mailer {
  /** Sends one message; resolves with the server's answer, rejects when it was not accepted. */
  send(m: OutgoingMail): Promise<string>;
  close(): void;
  describe: string;
}

/** Mail over SMTP (SMTP_URL), through a small pool of connections. */
export function smtpMailer(url: string, from: string, maxConnections = 4): Mailer {
  const u = new URL(url);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections,
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 25),
    secure: u.protocol === 'smtps:',
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    describe: `SMTP ${u.host}`,
    async send(m) {
      const info = await transport.sendMail({ from, ...m });
      if (info.rejected?.length) throw new Error(`rejected: ${info.response ?? ''}`);
      return String(info.response ?? 'accepted');
    },
    close: () => transport.close(),
  };
}

/** Without SMTP: each message becomes <dir>/<message id>.eml (a retry rewrites the same file). */
export function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `files in ${dir}`,
    async send(m) {
      const info = await transport.sendMail({ from, ...m });
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${mailFileName(m.messageId)}`);
      writeFileSync(file, info.message as Buffer);
      return `written to ${file}`;
    },
    close: () => transport.close(),
  };
}

export const mailFileName = (messageId: string) => `${messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;

export function listMailFiles(dir: string): Array<{ name: string; bytes: number; writtenAt: Date }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .map((name) => {
      const st = statSync(join(dir, name));
      return { name, bytes: st.size, writtenAt: st.mtime };
    })
    .sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime());
}
