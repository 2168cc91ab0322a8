import { readFileSync } from 'node:fs';
import { signInPage } from '../../../adfs/src/domain/passive/views/sign-in-page.ts';

/**
 * AD FS's own forms page, rendered by AD FS's template: the WAP's tests read what AD FS
 * really serves, so a change to either side of the form contract fails here.
 */
export const signInAction = '/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=LoginOptions%3d3%26estsredirect%3d2';

export function adfsFormsPage(overrides: { action?: string; userName?: string; errorText?: string; relyingParty?: string; antiForgeryValue?: string } = {}): string {
  return signInPage({
    nonce: 'adfs-nonce',
    action: overrides.action ?? signInAction,
    relyingParty: overrides.relyingParty ?? 'Microsoft Office 365 Identity Platform',
    userName: overrides.userName ?? 'joe@contoso.test',
    antiForgeryField: 'AntiForgeryToken',
    antiForgeryValue: overrides.antiForgeryValue ?? '1767225600.c2lnbmF0dXJl',
    errorText: overrides.errorText ?? '',
  });
}

/** A malformed AD FS page from test/fixtures, named by scenario. */
export function fixture(scenario: string): string {
  return readFileSync(new URL(`../fixtures/adfs-forms-page.${scenario}.html`, import.meta.url), 'utf8');
}
