import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { loadAdfsConfig } from '../src/config.ts';
import { defaultWiaSupportedUserAgents, isWiaSupportedUserAgent } from '../src/domain/windows/wia-user-agents.ts';

describe('WIASupportedUserAgents', () => {
  it('matches substrings and =~ regular expressions, as AD FS 2016 does', () => {
    assert.ok(isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko'));
    assert.ok(isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36'));
    assert.ok(!isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'));
    assert.ok(!isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, undefined));
  });

  it('reads LAB_ADFS_WIA_USER_AGENTS as a JSON array, and names the setting when it is not one', () => {
    assert.deepEqual(loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: '["Firefox/", "=~Edg/\\\\d+"]' }).windows?.supportedUserAgents, ['Firefox/', '=~Edg/\\d+']);
    assert.deepEqual(loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: '[]' }).windows?.supportedUserAgents, []);
    for (const value of ['Chrome', '{"a":1}', '[""]', '["=~("]']) {
      assert.throws(() => loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: value }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_ADFS_WIA_USER_AGENTS');
    }
  });
});
