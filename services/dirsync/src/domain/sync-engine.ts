import { randomUUID } from 'node:crypto';
import { openLdaps } from '../../../../shared/ldap/client.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import type { DirsyncConfig } from '../config.ts';
import { importUsers } from './ad-import.ts';
import { CloudExporter, type ExportResult } from './cloud-export.ts';
import type { ConnectorSpace, RunKind, RunSummary } from './connector-space.ts';
import { cloudCredential, replicateCredentials } from './password-sync.ts';
import type { CloudObject } from './transform.ts';

/**
 * One sync run at a time (a scheduled cycle and `lab sync now` never overlap):
 * - full: import every user, export what changed, export deletions for anchors AD no longer has;
 * - delta: import users changed since the import watermark, export what changed;
 * - passwords: replicate hashes changed since the password watermark and export them.
 * Watermarks move only after the cloud answered the export, so a crash or restart
 * repeats work rather than losing it, and unchanged objects are never sent twice.
 * Objects the cloud refused are kept as export errors and sent again on every run.
 */
interface Tally {
  imported: number;
  adds: number;
  updates: number;
  deletes: number;
  matches: number;
  passwords: number;
  unchanged: number;
  errors: string[];
}

export class SyncEngine {
  readonly #context: ServiceContext;
  readonly #config: DirsyncConfig;
  readonly #space: ConnectorSpace;
  readonly #cloud: CloudExporter;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(context: ServiceContext, config: DirsyncConfig, space: ConnectorSpace) {
    this.#context = context;
    this.#config = config;
    this.#space = space;
    this.#cloud = new CloudExporter(context.http, config);
  }

  /** Queues a run behind any run in progress and resolves with its summary. */
  run(kind: RunKind): Promise<RunSummary> {
    const next = this.#queue.then(() => this.#execute(kind));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #execute(kind: RunKind): Promise<RunSummary> {
    const startedAt = new Date().toISOString();
    const correlationId = `dirsync-${kind}-${randomUUID()}`;
    const tally: Tally = { imported: 0, adds: 0, updates: 0, deletes: 0, matches: 0, passwords: 0, unchanged: 0, errors: [] };
    try {
      if (kind === 'passwords') await this.#syncPasswords(tally, correlationId, this.#space.watermark('passwords'), undefined);
      else await this.#syncObjects(kind, tally, correlationId);
    } catch (error) {
      tally.errors.push(error instanceof Error ? error.message : String(error));
    }
    const summary = this.#space.recordRun({ kind, startedAt, finishedAt: new Date().toISOString(), ...tally });
    this.#context.trace.record('outbound', correlationId, { run: kind, ...tally, errors: tally.errors.length });
    this.#context.logger.info({ run: summary, correlationId }, `sync ${kind}: ${tally.adds} adds, ${tally.updates} updates, ${tally.deletes} deletes, ${tally.matches} matches, ${tally.passwords} passwords, ${tally.errors.length} errors`);
    return summary;
  }

  async #syncObjects(kind: 'full' | 'delta', tally: Tally, correlationId: string): Promise<void> {
    const watermark = this.#space.watermark('import');
    const delta = kind === 'delta' && watermark > 0;
    const client = await openLdaps(this.#context.vantage, { host: this.#config.dcHost, ca: this.#context.tls.ca });
    const imported = await importUsers(client, this.#config, delta ? watermark : undefined);
    tally.imported = imported.users.length;
    const inScope = imported.users.filter((user) => user.inScope);
    const changed = inScope.filter((user) => this.#space.lastExported(user.cloud.sourceAnchor) !== JSON.stringify(user.cloud));
    tally.unchanged += inScope.length - changed.length;
    const guidOf = new Map(inScope.map((user) => [user.cloud.sourceAnchor, user.objectGuid]));
    const toExport: CloudObject[] = changed.map((user) => user.cloud);
    if (!delta) {
      const seen = new Set(inScope.map((user) => user.cloud.sourceAnchor));
      for (const [anchor, upn] of this.#space.liveAnchors()) {
        if (!seen.has(anchor)) toExport.push({ sourceAnchor: anchor, userPrincipalName: upn, displayName: upn, mail: null, proxyAddresses: [], accountEnabled: false, deleted: true });
      }
    }
    // Objects the cloud refused before go again, unless this import brought a newer version.
    for (const pending of this.#space.pendingExports()) {
      if (toExport.some((object) => object.sourceAnchor === pending.object.sourceAnchor)) continue;
      toExport.push(pending.object);
      guidOf.set(pending.object.sourceAnchor, pending.objectGuid);
    }
    const results = toExport.length ? await this.#cloud.exportObjects(toExport, correlationId) : [];
    const added = new Set<string>();
    for (const result of results) {
      const object = toExport.find((candidate) => candidate.sourceAnchor === result.sourceAnchor);
      const objectGuid = object && (guidOf.get(object.sourceAnchor) ?? this.#space.objectGuidOf(object.sourceAnchor));
      if (!object || !objectGuid) continue;
      this.#count(result, tally);
      if (result.outcome === 'error') {
        this.#space.recordExportError(object, objectGuid, result.error ?? 'refused');
        continue;
      }
      this.#space.clearExportError(object.sourceAnchor);
      if (result.outcome === 'added' || result.outcome === 'soft-matched' || result.outcome === 'hard-matched') added.add(object.sourceAnchor);
      this.#space.recordExport(object, objectGuid);
    }
    // A newly exported user gets its current password at once, whatever the password watermark says.
    if (added.size) await this.#syncPasswords(tally, correlationId, 0, added);
    // Reached only when the import and the export calls themselves succeeded; objects the
    // cloud refused are kept as export errors and retried, so they do not hold the watermark.
    this.#space.setWatermark('import', imported.highestUsn);
  }

  async #syncPasswords(tally: Tally, correlationId: string, usnFrom: number, only: Set<string> | undefined): Promise<void> {
    const replication = await replicateCredentials(this.#context.http, this.#config, usnFrom, correlationId);
    const credentials = replication.credentials
      .map((credential) => ({ anchor: this.#space.sourceAnchorOfGuid(credential.objectGUID), credential }))
      .filter((entry): entry is { anchor: string; credential: (typeof replication.credentials)[number] } => entry.anchor !== undefined && (!only || only.has(entry.anchor)))
      .map((entry) => ({ sourceAnchor: entry.anchor, credentialData: cloudCredential(entry.credential.ntHash) }));
    const results = credentials.length ? await this.#cloud.exportPasswords(credentials, correlationId) : [];
    let failed = false;
    for (const result of results) {
      if (result.outcome === 'error') {
        failed = true;
        tally.errors.push(`password of ${result.sourceAnchor}: ${result.error ?? 'refused'}`);
      } else tally.passwords += 1;
    }
    if (!only && !failed) this.#space.setWatermark('passwords', replication.highestCommittedUsn);
  }

  #count(result: ExportResult, tally: Tally): void {
    if (result.outcome === 'added') tally.adds += 1;
    else if (result.outcome === 'updated') tally.updates += 1;
    else if (result.outcome === 'deleted') tally.deletes += 1;
    else if (result.outcome === 'soft-matched' || result.outcome === 'hard-matched') tally.matches += 1;
    else if (result.outcome === 'unchanged') tally.unchanged += 1;
    else tally.errors.push(`${result.sourceAnchor}: ${result.error ?? 'refused'}`);
  }
}
