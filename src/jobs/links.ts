// Every address a notification links to, in one place. The portal (web/) serves /track and
// /console; the API serves /media and the stop-following link.

export function links(publicUrl: string) {
  return {
    track: (publicId: string, token: string) => `${publicUrl}/track/${encodeURIComponent(publicId)}?token=${encodeURIComponent(token)}`,
    reopen: (publicId: string, token: string) => `${publicUrl}/track/${encodeURIComponent(publicId)}?token=${encodeURIComponent(token)}&action=reopen`,
    staff: (publicId: string) => `${publicUrl}/console/requests/${encodeURIComponent(publicId)}`,
    media: (id: number) => `${publicUrl}/media/${id}`,
    unfollow: (token: string) => `${publicUrl}/api/unfollow/${encodeURIComponent(token)}`,
  };
}

/** A Message-ID that is the same every time this (event, recipient) is sent. */
export function stableMessageId(scope: string, recipient: string, publicUrl: string): string {
  let host = 'civicdesk.local';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    /* keep the default */
  }
  const who = Buffer.from(recipient.toLowerCase()).toString('base64url');
  return `<${scope}.${who}@${host}>`;
}
