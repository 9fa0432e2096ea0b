/**
 * Aliyun's XML form of a JSON response: objects become elements, an array under key K becomes
 * repeated <K> elements (so `{"Items":{"Backup":[a,b]}}` is `<Items><Backup>a</Backup><Backup>b</Backup></Items>`).
 */
export function toXml(root: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  if (value === null || value === undefined) return `<${name}></${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
