// Local images are checked against the image rules before they are sent, with the type their bytes have.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readImageFile, sameDimensions } from '../../src/client/imageFile';
import { imageContentType } from '../../src/client/imageBytes';

const grey = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: '#808080' } });

test('images are read with the type of their bytes; a file that breaks a rule is named with the rule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lfv-image-file-'));
  try {
    writeFileSync(join(dir, 'a.png'), await grey(64).png().toBuffer());
    writeFileSync(join(dir, 'b.png'), await grey(64).jpeg().toBuffer());
    writeFileSync(join(dir, 'c.jpg'), '<html>not found</html>');
    writeFileSync(join(dir, 'd.png'), '');
    writeFileSync(join(dir, 'e.png'), await grey(32).png().toBuffer());
    assert.deepEqual(
      { ...(await readImageFile(join(dir, 'a.png'))), bytes: undefined },
      { bytes: undefined, contentType: 'image/png', width: 64, height: 64 },
    );
    assert.equal((await readImageFile(join(dir, 'b.png'))).contentType, 'image/jpeg');
    // Bytes already in hand (an S3 object, a thumbnail) are typed the same way.
    assert.equal(imageContentType(await grey(64).jpeg().toBuffer()), 'image/jpeg');
    assert.equal(imageContentType(await grey(64).png().toBuffer()), 'image/png');
    assert.equal(imageContentType(Buffer.from('<html>')), 'application/octet-stream');
    await assert.rejects(
      readImageFile(join(dir, 'c.jpg')),
      /^Error: c\.jpg: The image is not a PNG or JPEG image/,
    );
    await assert.rejects(readImageFile(join(dir, 'd.png')), /d\.png: The image is empty/);
    // A sparse 3 GB file: refused by its size, named, without reading it (Node cannot read over 2 GiB at once).
    writeFileSync(join(dir, 'huge.png'), '');
    truncateSync(join(dir, 'huge.png'), 3 * 1024 ** 3);
    await assert.rejects(
      readImageFile(join(dir, 'huge.png')),
      /^Error: huge\.png: The image is 3221225472 bytes; the maximum is 8388608 bytes/,
    );
    await assert.rejects(
      readImageFile(join(dir, 'e.png')),
      /e\.png: The image is 32x32 pixels; each side must be between 64 and 4096 pixels/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the images of a dataset must share the first one’s dimensions', () => {
  const check = sameDimensions();
  check('normal/1.png', { width: 100, height: 80 });
  check('normal/2.png', { width: 100, height: 80 });
  assert.throws(
    () => check('anomaly/3.png', { width: 80, height: 100 }),
    /^Error: anomaly\/3\.png is 80x100 pixels but normal\/1\.png is 100x80: all images of a dataset must have the same dimensions\.$/,
  );
});
