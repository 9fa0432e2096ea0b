import type { AxiosStatic } from 'axios';
import type { XMLParser } from 'fast-xml-parser';

/**
 * Modules loaded on first use, not at import: axios costs about 190 ms to import (ESM) and is needed only once a
 * request is sent; fast-xml-parser about 50 ms and is needed only for an XML body. `import()` stays a real
 * dynamic import in the ESM build and becomes a deferred `require` in the CJS build, so both load lazily.
 */
let axiosModule: Promise<AxiosStatic> | undefined;
let xmlParser: Promise<XMLParser> | undefined;

export function loadAxios(): Promise<AxiosStatic> {
  axiosModule ??= import('axios').then((module) => module.default);
  return axiosModule;
}

/**
 * One parser for every XML body: values kept as strings (the schemas coerce) and attributes ignored, which matches
 * what the Aliyun XML responses carry.
 */
export function loadXmlParser(): Promise<XMLParser> {
  xmlParser ??= import('fast-xml-parser').then(
    ({ XMLParser }) => new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true }),
  );
  return xmlParser;
}
