export {
  percentEncode,
  compareCodePoints,
  toParamPairs,
  buildCanonicalQuery,
  type ParamValue,
  type RawPair,
} from './percent-encode.js';
export {
  computeRpcV1Signature,
  signRpcV1,
  formatRpcTimestamp,
  type RpcMethod,
  type RpcKeySuffix,
  type RpcV1SignInput,
  type RpcV1Signature,
  type SignedRpcRequest,
} from './rpc-v1.js';
export { signAliyunRpcV1, type AliyunRpcV1Request } from './aliyun-rpc-v1.js';
export { signAliyunAcs3, ACS3_ALGORITHM, type AliyunAcs3Request, type SignedAcs3Request } from './aliyun-acs3.js';
export { signCapitalOnline, CAPITALONLINE_DEFAULT_VERSION, type CapitalOnlineRequest } from './capitalonline.js';
export {
  signHuawei,
  formatSdkDate,
  HUAWEI_ALGORITHM,
  type HuaweiSignRequest,
  type SignedHuaweiRequest,
} from './huawei-sdk-hmac.js';
