// A read-only file system over the connected engine's S3 objects, so `s3://` links open in the editor
// (images in VS Code's image preview) as `lookout-s3://bucket/key`.
import * as vscode from 'vscode';
import type { ManifestObjectSource } from './objectSource';

const S3_SCHEME = 'lookout-s3';

export function objectUri(bucket: string, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: S3_SCHEME, authority: bucket, path: `/${key}` });
}

const CACHED_OBJECTS = 8;

class S3ObjectFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** stat() and readFile() come in pairs: keep the last few objects so each is fetched once. */
  private readonly recent = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly objects: ManifestObjectSource) {}

  private read(uri: vscode.Uri): Promise<Uint8Array> {
    const id = uri.toString();
    let pending = this.recent.get(id);
    if (!pending) {
      pending = this.objects.getObject(uri.authority, uri.path.slice(1)).then((data) => {
        if (data) return data;
        this.recent.delete(id);
        throw vscode.FileSystemError.FileNotFound(uri);
      });
      this.recent.set(id, pending);
      if (this.recent.size > CACHED_OBJECTS) this.recent.delete(this.recent.keys().next().value!);
    }
    return pending;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const data = await this.read(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: data.byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.read(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

export function registerObjectFileSystem(objects: ManifestObjectSource): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(S3_SCHEME, new S3ObjectFileSystem(objects), {
    isReadonly: true,
    isCaseSensitive: true,
  });
}
