import { testSource } from './contract/source-contract.js';
import { AuthenticationError, PermissionError } from '../src/errors.js';
testSource({
  provider: 'aliyun-rds',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeDBInstances',
    paging: { kind: 'page-number', number: 'PageNumber', size: 'PageSize', pageSize: 100 },
    timeWindow: { kind: 'optional', since: 'StartTime', until: 'EndTime' },
    pushdown: { status: 'BackupStatus', mode: 'BackupMode', type: 'BackupType' },
    groupsParts: false,
    deniedRegion: PermissionError,
  },
});
testSource({
  provider: 'aliyun-kvstore',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeInstances',
    paging: { kind: 'page-number', number: 'PageNumber', size: 'PageSize', pageSize: 100 },
    timeWindow: { kind: 'required', since: 'StartTime', until: 'EndTime' },
    pushdown: {},
    groupsParts: true,
    deniedRegion: PermissionError,
  },
});
testSource({
  provider: 'huawei-rds',
  capabilities: {
    backupsAction: 'ListBackups',
    discoveryAction: 'ListInstances',
    paging: { kind: 'offset', offset: 'offset', limit: 'limit', pageSize: 100 },
    timeWindow: { kind: 'optional', since: 'begin_time', until: 'end_time' },
    pushdown: { mode: 'backup_type', type: 'backup_type' },
    groupsParts: false,
    deniedRegion: PermissionError,
  },
});
testSource({
  provider: 'capitalonline-mysql',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeDBInstances',
    paging: { kind: 'single' },
    timeWindow: { kind: 'none' },
    pushdown: {},
    groupsParts: false,
    deniedRegion: AuthenticationError,
  },
});
