import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';

/**
 * A self-signed certificate for `names` (subjectAltName DNS entries and 127.0.0.1), made with node:crypto alone:
 * an EC P-256 key and a hand-encoded X.509 v3 certificate (DER), valid from a day ago for a day. It is its own CA,
 * so a client that trusts it (`ca: cert`) verifies the server fully, hostname included: no verification skipped.
 */
export function selfSignedCertificate(names: readonly string[]): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Date.now();
  const name = seq(set(seq(oid('2.5.4.3'), utf8(names[0] ?? 'localhost'))));
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const altNames = seq(...names.map((n) => tagged(0x82, Buffer.from(n, 'ascii'))), tagged(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = seq(
    seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))), // basicConstraints: CA (critical)
    seq(oid('2.5.29.17'), octets(altNames)), // subjectAltName
  );
  const tbs = seq(
    tagged(0xa0, int(Buffer.from([2]))), // v3
    int(Buffer.from([0x01, ...Array.from({ length: 8 }, (_, i) => (now >> (i * 4)) & 0xff)])),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tagged(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, bitString(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  new X509Certificate(cert); // throws if the encoding is wrong
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}

function tagged(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const seq = (...items: Buffer[]) => tagged(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tagged(0x31, Buffer.concat(items));
const int = (bytes: Buffer) => tagged(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const bool = (value: boolean) => tagged(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (content: Buffer) => tagged(0x04, content);
const utf8 = (text: string) => tagged(0x0c, Buffer.from(text, 'utf8'));
const bitString = (content: Buffer) => tagged(0x03, Buffer.concat([Buffer.from([0]), content]));

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-01-02T03:04:05.678Z -> 260102030405Z
  return tagged(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v >>= 7;
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return tagged(0x06, Buffer.from(bytes));
}
