// The dashboard page as HTML, rendered on the server so every figure reads without JavaScript (the zone map is the
// only part that needs it). Plain words for residents; every table has a caption and header cells.
import type { HealthBand, HealthMetric, HealthRow } from '@citysync/indexer';
import type { DashboardData } from './readDashboardData.js';

import { escapeHtml } from '@citysync/sdk';
export { escapeHtml };

/** A share (0..1) as the page prints it: one decimal percent, or "no data". Tests format the CLI's JSON with this. */
export function formatShare(value: number | null): string {
  return value === null ? 'no data' : `${(value * 100).toFixed(1)}%`;
}

/** Whole credits and units with thousands separators (en-US, the same on every machine). */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

const BAND_WORDS: Record<HealthBand, string> = { green: 'healthy', amber: 'watch', red: 'needs action', none: 'not rated' };

/** The band as a word and a colour class; a running period is not rated yet. */
function band(b: HealthBand): string {
  return `<span class="band band-${b}" data-band="${b}">${BAND_WORDS[b]}</span>`;
}

function metric(name: string, m: HealthMetric): string {
  return `<td data-metric="${name}" data-value="${m.value ?? ''}"><span class="figure">${formatShare(m.value)}</span> ${band(m.band)}</td>`;
}

const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
const short = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;

function healthSection(data: DashboardData): string {
  const { periods, coverageBps, plan } = data.health;
  const rows = periods.map(
    (r: HealthRow) => `<tr data-period="${r.period}">
      <th scope="row">${r.period}${r.complete ? '' : ' (still running)'}<br><small>${day(r.start)} to ${day(r.end)} UTC</small></th>
      <td data-metric="issued" data-value="${r.issued}">${formatCount(r.issued)}</td>
      <td data-metric="redeemed" data-value="${r.redeemed}">${formatCount(r.redeemed)}</td>
      ${metric('creditUseEfficiency', r.creditUseEfficiency)}
      ${metric('spareCapacity', r.spareCapacity)}
      ${metric('balanceRatio', r.balanceAccumulation.ratio)}
      ${metric('topDecileShare', r.balanceAccumulation.topDecileShare)}
      ${metric('retention', r.engagement.retention)}
      <td data-metric="active" data-value="${r.engagement.active}">${formatCount(r.engagement.active)}</td>
      <td data-metric="band">${band(r.band)}</td>
    </tr>`,
  );
  return `<section aria-labelledby="health-title">
  <h2 id="health-title">Credits and the health of the economy, period by period</h2>
  <p>Residents earn credits by doing tasks for the city and spend (redeem) them at local offers. Four signs say whether
  this works: are credits being used, is there room at the offers, are credits piling up with a few people, and do
  people come back. Each is rated <span class="band band-green">healthy</span>, <span class="band band-amber">watch</span>
  or <span class="band band-red">needs action</span> against limits the city's governance set.</p>
  ${
    periods.length === 0
      ? '<p>No activity has been recorded yet.</p>'
      : `<div class="scroll"><table id="health-table">
    <caption>Credits issued and redeemed, and the four health signs, for each period (figures are the same as <code>dpan health --json</code>)</caption>
    <thead><tr><th scope="col">Period</th><th scope="col">Credits issued</th><th scope="col">Credits redeemed</th>
      <th scope="col">Credit use<br><small>redeemed / issued, recent periods</small></th>
      <th scope="col">Spare capacity<br><small>offer units not used</small></th>
      <th scope="col">Credits held<br><small>outstanding / period cap</small></th>
      <th scope="col">Held by the top 10%</th>
      <th scope="col">Returning participants</th>
      <th scope="col">Active participants</th>
      <th scope="col">Overall</th></tr></thead>
    <tbody>${rows.join('')}</tbody></table></div>`
  }
  <p>Coverage ratio now: <strong id="coverage">${(coverageBps / 100).toFixed(2)}%</strong> (how much of its budget the city backs with credits). ${escapeHtml(plan.reasons.join(' '))}</p>
</section>`;
}

function modulesSection(data: DashboardData): string {
  const { modules, registryUnavailable } = data.modules;
  const notice =
    registryUnavailable === undefined
      ? ''
      : `<p class="notice" id="registry-unavailable" role="status">The module registry could not be reached, so audits and advisories cannot be checked right now: ${escapeHtml(registryUnavailable)}</p>`;
  const rows = modules.map((m) => {
    const advisories =
      m.advisories === undefined
        ? 'unknown (registry not reachable)'
        : m.advisories.length === 0
          ? 'none'
          : `<ul>${m.advisories.map((a) => `<li class="advisory advisory-${a.kind}"><strong>${escapeHtml(a.kind)}</strong>: ${escapeHtml(a.message)}</li>`).join('')}</ul>`;
    const audits = m.audits === undefined ? (m.source === 'directory' ? 'installed from a directory, not through the registry' : 'unknown') : `${m.audits.passing} passed, ${m.audits.failing} failed, ${m.audits.revoked} withdrawn`;
    return `<tr data-module="${escapeHtml(m.name)}"><th scope="row">${escapeHtml(m.name)}</th><td>${escapeHtml(m.version)}</td>
      <td>${m.source === 'registry' ? 'the module registry' : m.source === 'directory' ? 'a local directory' : 'unknown'}</td>
      <td>${audits}</td><td>${advisories}</td>
      <td>${m.lineage === undefined ? '' : `<pre class="lineage">${escapeHtml(m.lineage)}</pre>`}</td></tr>`;
  });
  return `<section aria-labelledby="modules-title">
  <h2 id="modules-title">Programs (modules) the city runs</h2>
  <p>Each program is a module installed by the city's committees. Modules shared between cities are published to a
  registry, checked by independent auditors, and can be withdrawn (yanked) by their authors when a problem is found.</p>
  ${notice}
  <table id="modules-table"><caption>Installed modules, their versions, audits, advisories and where they come from</caption>
  <thead><tr><th scope="col">Module</th><th scope="col">Version</th><th scope="col">Came from</th><th scope="col">Audits</th><th scope="col">Advisories</th><th scope="col">Lineage (forks)</th></tr></thead>
  <tbody>${rows.length === 0 ? '<tr><td colspan="6">No module is installed.</td></tr>' : rows.join('')}</tbody></table>
</section>`;
}

function tallyTable(id: string, caption: string, keyHeader: string, rows: DashboardData['activity']['byIssuer'], keyText: (key: string) => string): string {
  const body = rows.map(
    (r) => `<tr><th scope="row">${keyText(r.key)}</th><td>${formatCount(r.tasks)}</td><td>${formatCount(r.slots)}</td><td>${formatCount(r.completions)}</td><td>${formatCount(r.verified)}</td><td>${formatCount(r.rejected)}</td><td>${formatCount(r.credits)}</td></tr>`,
  );
  return `<table id="${id}"><caption>${caption}</caption>
  <thead><tr><th scope="col">${keyHeader}</th><th scope="col">Tasks</th><th scope="col">Places</th><th scope="col">Completions</th><th scope="col">Verified</th><th scope="col">Rejected</th><th scope="col">Credits paid</th></tr></thead>
  <tbody>${body.length === 0 ? '<tr><td colspan="7">No task yet.</td></tr>' : body.join('')}</tbody></table>`;
}

function tasksSection(data: DashboardData): string {
  const zoneNames = new Map<string, string>();
  for (const f of data.zones?.features ?? []) {
    const p = f.properties ?? {};
    const zoneId = typeof p['zoneId'] === 'string' ? p['zoneId'] : undefined;
    if (zoneId !== undefined) zoneNames.set(zoneId.toLowerCase(), `Zone ${String(p['rank'] ?? '')} (${String(p['cell'] ?? f.id ?? '')})`);
  }
  const zoneText = (key: string) => (/^0x0+$/.test(key) ? 'citywide (no zone)' : escapeHtml(zoneNames.get(key.toLowerCase()) ?? short(key)));
  const map =
    data.zones === undefined
      ? '<p>No zone map was given (start the dashboard with <code>--geojson zones.geojson</code>, from <code>dpan mce zones --geojson</code>).</p>'
      : `<figure><div id="zone-map" role="img" aria-label="Map of the ${data.zones.features.length} zones" data-src="/api/zones.geojson"></div>
         <figcaption>The zones (${data.zones.features.length} areas, from ${escapeHtml(data.zonesSource ?? '')}). The map needs JavaScript; the tables hold the same zones.</figcaption></figure>`;
  return `<section aria-labelledby="tasks-title">
  <h2 id="tasks-title">Tasks and who did them</h2>
  <p>Organizations accredited by the city (issuers) publish tasks; residents complete them and the issuer verifies the work before credits are paid.</p>
  ${tallyTable('issuers-table', 'Tasks and completions by issuing organization', 'Issuer', data.activity.byIssuer, (k) => `<code title="${escapeHtml(k)}">${escapeHtml(short(k))}</code>`)}
  <h3>By zone</h3>
  ${map}
  ${tallyTable('zones-table', 'Tasks and completions by zone', 'Zone', data.activity.byZone, zoneText)}
</section>`;
}

function offersSection(data: DashboardData): string {
  const rows = data.activity.offers.map(
    (o) => `<tr><th scope="row">Offer ${o.offerId}</th><td><code title="${o.redeemer}">${short(o.redeemer)}</code></td><td>${formatCount(o.price)}</td><td>${formatCount(o.capacity)}</td>
      <td>${formatCount(o.unitsRedeemed)}</td><td>${formatCount(o.creditsRedeemed)}</td><td>${o.open ? 'open' : 'closed'}</td></tr>`,
  );
  return `<section aria-labelledby="offers-title">
  <h2 id="offers-title">Where credits can be spent</h2>
  <table id="offers-table"><caption>Redemption offers and how much of each was used</caption>
  <thead><tr><th scope="col">Offer</th><th scope="col">Business</th><th scope="col">Credits per unit</th><th scope="col">Units per period</th><th scope="col">Units redeemed</th><th scope="col">Credits redeemed</th><th scope="col">Status</th></tr></thead>
  <tbody>${rows.length === 0 ? '<tr><td colspan="7">No offer yet.</td></tr>' : rows.join('')}</tbody></table>
</section>`;
}

function decisionsSection(data: DashboardData): string {
  const committee = data.activity.proposals.filter((p) => p.body !== 'governor');
  const votes = data.activity.proposals.filter((p) => p.body === 'governor');
  const committeeRows = committee.map(
    (p) => `<tr><th scope="row">${escapeHtml(p.body)} committee</th><td>${escapeHtml(p.description)}</td><td>${p.approvals}</td><td>${escapeHtml(p.status)}</td></tr>`,
  );
  const voteRows = votes.map(
    (p) => `<tr><th scope="row">${escapeHtml(p.description)}</th><td>${formatCount(p.votes.for)}</td><td>${formatCount(p.votes.against)}</td><td>${formatCount(p.votes.abstain)}</td><td>${p.votes.voters}</td><td>${escapeHtml(p.status)}</td></tr>`,
  );
  return `<section aria-labelledby="decisions-title">
  <h2 id="decisions-title">Decisions and votes</h2>
  <table id="committee-table"><caption>Every committee decision (${committee.length})</caption>
  <thead><tr><th scope="col">Committee</th><th scope="col">Proposal</th><th scope="col">Approvals</th><th scope="col">Last step</th></tr></thead>
  <tbody>${committeeRows.length === 0 ? '<tr><td colspan="4">No committee decision yet.</td></tr>' : committeeRows.join('')}</tbody></table>
  <table id="votes-table"><caption>Resident votes on proposals (${votes.length})</caption>
  <thead><tr><th scope="col">Proposal</th><th scope="col">For</th><th scope="col">Against</th><th scope="col">Abstain</th><th scope="col">Voters</th><th scope="col">Last step</th></tr></thead>
  <tbody>${voteRows.length === 0 ? '<tr><td colspan="6">No resident vote yet.</td></tr>' : voteRows.join('')}</tbody></table>
</section>`;
}

function vaultSection(data: DashboardData): string {
  const vault = data.vault;
  if (vault === undefined) return '';
  const money = (amount: string): string => `${escapeHtml(amount)} ${escapeHtml(vault.asset)}`;
  const rows = vault.lines.map(
    (l) => `<tr data-line="${escapeHtml(l.purpose)}"><th scope="row">${escapeHtml(l.purpose)}</th><td><code title="${escapeHtml(l.recipient)}">${escapeHtml(short(l.recipient))}</code></td>
      <td>${(l.bps / 100).toFixed(2)}%</td><td>${money(l.capPerPeriod)}</td><td data-paid-this-period="${escapeHtml(l.paidThisPeriod)}">${money(l.paidThisPeriod)}</td><td data-paid-total="${escapeHtml(l.paidTotal)}">${money(l.paidTotal)}</td></tr>`,
  );
  return `<section aria-labelledby="vault-title">
  <h2 id="vault-title">The City Vault</h2>
  <p>Gifts to the city's endowment are locked for ever: nobody, not even the city's committees, can take them out. Only
  the interest they earn is spent, on the budget lines the vault committee chose.</p>
  <dl id="vault-figures">
    <dt>Given (locked for ever)</dt><dd id="vault-principal" data-value="${escapeHtml(vault.principal)}">${money(vault.principal)} in ${formatCount(vault.donations)} ${vault.donations === 1 ? 'gift' : 'gifts'}</dd>
    <dt>Worth now</dt><dd>${money(vault.value)}</dd>
    <dt>Interest harvested so far</dt><dd id="vault-harvested" data-value="${escapeHtml(vault.totalHarvested)}">${money(vault.totalHarvested)}</dd>
    <dt>Paid to budget lines</dt><dd>${money(vault.totalPaid)} (${money(vault.pending)} waiting to be paid)</dd>
  </dl>
  <table id="vault-table"><caption>Where the interest goes: each budget line, its share, its limit per period, and what it was paid</caption>
  <thead><tr><th scope="col">Purpose</th><th scope="col">Paid to</th><th scope="col">Share</th><th scope="col">Limit per period</th><th scope="col">Paid this period</th><th scope="col">Paid in total</th></tr></thead>
  <tbody>${rows.length === 0 ? '<tr><td colspan="6">No budget line yet.</td></tr>' : rows.join('')}</tbody></table>
</section>`;
}

/** The whole page. */
export function renderDashboardPage(data: DashboardData): string {
  const title = `${data.city.name} (${data.city.ticker}): civic credits in the open`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="/dashboard.css">
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>
<p>Everything on this page is read from the city's public ledger (up to block ${data.health.index.toBlock}, ${escapeHtml(data.generatedAt)}). Reload to update.</p>
<nav aria-label="Sections"><a href="#health-title">Health</a> · <a href="#modules-title">Modules</a> · <a href="#tasks-title">Tasks</a> · <a href="#offers-title">Offers</a>${data.vault === undefined ? '' : ' · <a href="#vault-title">City Vault</a>'} · <a href="#decisions-title">Decisions</a></nav>
</header>
<main>
${healthSection(data)}
${modulesSection(data)}
${tasksSection(data)}
${offersSection(data)}
${vaultSection(data)}
${decisionsSection(data)}
</main>
<footer><p>Data as JSON: <a href="/api/dashboard.json">/api/dashboard.json</a>. Served by <code>dpan dashboard</code>.</p></footer>
<script src="/vendor/leaflet/leaflet.js"></script>
<script src="/dashboard.js"></script>
</body>
</html>
`;
}
