// The manifest language id and the selector every manifest provider registers for.
import type * as vscode from 'vscode';

export const MANIFEST_LANGUAGE = 'lookout-manifest';
export const MANIFEST_SELECTOR: vscode.DocumentSelector = { language: MANIFEST_LANGUAGE };
export const DIAGNOSTIC_SOURCE = 'lookout-manifest';

/** Workspace manifests may reference images by local path; the extension uploads them on import. */
export const WORKSPACE_VALIDATION = { localPaths: true } as const;
