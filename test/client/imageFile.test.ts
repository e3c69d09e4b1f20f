// Local images are sent with the type their bytes have, and a file that is no image is named before it is sent.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readImageFile } from '../../src/client/imageFile';

test('PNG and JPEG files are read with the type of their bytes, whatever their name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lfv-image-file-'));
  try {
    const pixels = { create: { width: 4, height: 4, channels: 3, background: '#808080' } } as const;
    writeFileSync(join(dir, 'a.png'), await sharp(pixels).png().toBuffer());
    writeFileSync(join(dir, 'b.png'), await sharp(pixels).jpeg().toBuffer());
    writeFileSync(join(dir, 'c.jpg'), '<html>not found</html>');
    writeFileSync(join(dir, 'd.png'), '');
    assert.equal((await readImageFile(join(dir, 'a.png'))).contentType, 'image/png');
    assert.equal((await readImageFile(join(dir, 'b.png'))).contentType, 'image/jpeg');
    await assert.rejects(readImageFile(join(dir, 'c.jpg')), /^Error: c\.jpg is not a PNG or JPEG image/);
    await assert.rejects(readImageFile(join(dir, 'd.png')), /d\.png is not a PNG or JPEG image/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
