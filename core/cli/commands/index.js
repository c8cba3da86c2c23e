// dpan's own command groups, in the order `dpan --help` lists them. Each file declares its commands with
// `register(program, kit)`, as a plugin does; the commands of installed packages come after them.
import { register as catalog } from './catalog.js';
import { register as chain } from './chain.js';
import { register as city } from './city.js';
import { register as committee } from './committee.js';
import { register as dashboard } from './dashboard.js';
import { register as fork } from './fork.js';
import { register as health } from './health.js';
import { register as indexer } from './indexer.js';
import { register as install } from './install.js';
import { register as module_ } from './module.js';
import { register as offer } from './offer.js';
import { register as operation } from './operation.js';
import { register as org } from './org.js';
import { register as publish } from './publish.js';
import { register as redeem } from './redeem.js';
import { register as registry } from './registry.js';
import { register as serve } from './serve.js';
import { register as simulate } from './simulate.js';
import { register as task } from './task.js';
import { register as validate } from './validate.js';
import { register as vault } from './vault.js';

export const coreGroups = [
  validate,
  city,
  chain,
  registry,
  publish,
  fork,
  catalog,
  dashboard,
  serve,
  vault,
  org,
  task,
  offer,
  redeem,
  committee,
  module_,
  indexer,
  health,
  simulate,
  install,
  operation,
];
