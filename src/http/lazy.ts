import { createRequire } from 'node:module';
import type { AxiosStatic } from 'axios';
import type { XMLParser } from 'fast-xml-parser';

/**
 * Modules loaded on first use, not at import: axios costs about 190 ms to import (ESM) and is needed only once a
 * request is sent; fast-xml-parser about 50 ms and is needed only for an XML body.
 *
 * axios is loaded with `import()`: a real dynamic import in the ESM build, deferred as well in the CJS build.
 * fast-xml-parser is loaded synchronously, with `require` (its CommonJS build, one file), so that parsing a body
 * stays a plain function call for every caller.
 */
let axiosModule: Promise<AxiosStatic> | undefined;
let xmlParser: XMLParser | undefined;

export function loadAxios(): Promise<AxiosStatic> {
  axiosModule ??= import('axios').then((module) => module.default);
  return axiosModule;
}

/**
 * One parser for every XML body: values kept as strings (the schemas coerce) and attributes ignored, which matches
 * what the Aliyun XML responses carry.
 */
export function getXmlParser(): XMLParser {
  if (!xmlParser) {
    const { XMLParser: Parser } = createRequire(ownLocation())('fast-xml-parser') as typeof import('fast-xml-parser');
    xmlParser = new Parser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true });
  }
  return xmlParser;
}

/**
 * Where this module is, to resolve from: `__filename` in a CommonJS build (where `import.meta` is empty unless the
 * bundler shims it), `import.meta.url` in an ES module (where `__filename` does not exist).
 */
function ownLocation(): string {
  return typeof __filename === 'string' ? __filename : import.meta.url;
}
