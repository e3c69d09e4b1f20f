// Select Connection: local engine, an AWS profile (with a region) or a custom endpoint. The choice is
// stored in user settings; the view and the status bar follow the change.
import * as vscode from 'vscode';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { SECTION, type ConnectionKind } from '../../connection/settings';
import type { CommandContext } from '../context';
import { required } from '../register';

/** Regions where Amazon Lookout for Vision was offered. */
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-central-1',
  'eu-west-1',
  'ap-northeast-1',
  'ap-northeast-2',
];

export interface ConnectionChoice {
  kind: ConnectionKind;
  profile?: string;
  region?: string;
  endpoint?: string;
}

export async function selectConnection(ctx: CommandContext, arg?: unknown): Promise<ConnectionChoice> {
  const choice = isChoice(arg) ? arg : await ask(ctx);
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = vscode.ConfigurationTarget.Global;
  if (choice.profile !== undefined) await config.update('profile', choice.profile, target);
  if (choice.region !== undefined) await config.update('region', choice.region, target);
  if (choice.endpoint !== undefined) await config.update('endpoint', choice.endpoint, target);
  await config.update('connection', choice.kind, target);
  return choice;
}

function isChoice(value: unknown): value is ConnectionChoice {
  const kind = (value as ConnectionChoice | undefined)?.kind;
  return kind === 'local' || kind === 'profile' || kind === 'endpoint';
}

async function ask(ctx: CommandContext): Promise<ConnectionChoice> {
  const current = ctx.connections.settings;
  const kinds: (vscode.QuickPickItem & { connection: ConnectionKind })[] = [
    { label: '$(server-process) Local engine', description: 'No AWS account needed', connection: 'local' },
    {
      label: '$(cloud) AWS profile…',
      description: 'Shared config / SSO / credential process',
      connection: 'profile',
    },
    {
      label: '$(plug) Custom endpoint…',
      description: 'Another service speaking the same API',
      connection: 'endpoint',
    },
  ];
  const picked = await vscode.window.showQuickPick(kinds, {
    title: 'Lookout for Vision connection',
    placeHolder: `Current: ${current.kind}`,
  });
  const kind = required(picked).connection;
  if (kind === 'local') return { kind };
  const region = required(
    await vscode.window.showQuickPick(REGIONS, { title: 'Region', placeHolder: current.region }),
  );
  if (kind === 'profile') {
    const files = await loadSharedConfigFiles();
    const profiles = [
      ...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)]),
    ].sort();
    const profile = required(
      await vscode.window.showQuickPick(profiles.length > 0 ? profiles : ['default'], {
        title: 'AWS profile',
        placeHolder:
          profiles.length > 0 ? current.profile : 'No profiles in ~/.aws/config or ~/.aws/credentials',
      }),
    );
    return { kind, profile, region };
  }
  const endpoint = required(
    await vscode.window.showInputBox({
      title: 'Endpoint URL',
      value: current.endpoint || 'http://127.0.0.1:',
      validateInput: (v) => (/^https?:\/\/[^/]+/.test(v) ? undefined : 'An http:// or https:// URL'),
    }),
  );
  return { kind, endpoint, region };
}
