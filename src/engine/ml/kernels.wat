;; Detection's hot loops in WebAssembly, most in SIMD (128-bit: four f32 lanes): whitening and the three normality
;; scorers (normality.ts), the smoothing of feature channels and the gradient energies per cell (features.ts), and the
;; thin-line responses (lines.ts). Scalar JavaScript spent about 1.7 ns on each of the 5 million multiply-adds that
;; whitening a 256² image takes; here 16 cells share each load of a coefficient, four per lane. Assembled by scripts/kernels.mjs into kernels.wasm beside
;; the compiled code; kernels.ts lays out the memory and calls these.
;;
;; Whitening and scoring process cells in blocks of 16, with per-cell vectors interleaved: element i of cell b sits
;; at float (i·16 + b), so a v128 load reads element i of four adjacent cells.
(module
  (memory (export "memory") 1)

  ;; x[i·16 + b] = feat[(c + b)·dim + i] − mean[i] for the n (≤ 16) cells from c; other lanes are 0.
  (func $centre (param $feat i32) (param $mean i32) (param $x i32) (param $c i32) (param $n i32) (param $dim i32)
    (local $b i32) (local $i i32) (local $src i32) (local $dst i32)
    (if (i32.lt_u (local.get $n) (i32.const 16))
      (then (memory.fill (local.get $x) (i32.const 0) (i32.shl (local.get $dim) (i32.const 6)))))
    (block $done
      (loop $cells
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $src
          (i32.add (local.get $feat)
            (i32.shl (i32.mul (i32.add (local.get $c) (local.get $b)) (local.get $dim)) (i32.const 2))))
        (local.set $dst (i32.add (local.get $x) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $row
          (loop $elements
            (br_if $row (i32.ge_u (local.get $i) (local.get $dim)))
            (f32.store (local.get $dst)
              (f32.sub
                (f32.load (local.get $src))
                (f32.load (i32.add (local.get $mean) (i32.shl (local.get $i) (i32.const 2))))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $elements)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $cells))))

  ;; z[i·16 + b] = Σ_{q ≤ i} L[i][q] · x[q·16 + b]: L is lower triangular, row-packed (row i holds i + 1 values).
  (func $whitenBlock (param $lower i32) (param $x i32) (param $z i32) (param $dim i32)
    (local $i i32) (local $q i32) (local $p i32) (local $xa i32) (local $za i32) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $p (local.get $lower))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $dim)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $q (i32.const 0))
        (loop $terms
          (local.set $v (f32x4.splat (f32.load (local.get $p))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (v128.load (local.get $xa)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (v128.load offset=16 (local.get $xa)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (v128.load offset=32 (local.get $xa)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (v128.load offset=48 (local.get $xa)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $xa (i32.add (local.get $xa) (i32.const 64)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br_if $terms (i32.le_u (local.get $q) (local.get $i))))
        (local.set $za (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 6))))
        (v128.store (local.get $za) (local.get $a0))
        (v128.store offset=16 (local.get $za) (local.get $a1))
        (v128.store offset=32 (local.get $za) (local.get $a2))
        (v128.store offset=48 (local.get $za) (local.get $a3))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[(c + b)·dim + i] = z[i·16 + b] for the n cells from c.
  (func $scatter (param $z i32) (param $out i32) (param $c i32) (param $n i32) (param $dim i32)
    (local $b i32) (local $i i32) (local $src i32) (local $dst i32)
    (block $done
      (loop $cells
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $src (i32.add (local.get $z) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $dst
          (i32.add (local.get $out)
            (i32.shl (i32.mul (i32.add (local.get $c) (local.get $b)) (local.get $dim)) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $row
          (loop $elements
            (br_if $row (i32.ge_u (local.get $i) (local.get $dim)))
            (f32.store (local.get $dst) (f32.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 64)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $elements)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $cells))))

  ;; The three raw scores of the 16 cells of a whitened block z, written as 16 floats each at g, cb and pos:
  ;; gaussian Σ z², positional Σ (z − m)²·v with this block's interleaved m and v, and codebook
  ;; max(0, Σ z² + min_j (|c_j|² − 2 z·c_j)) over k centroids (row-major, k×dim) with squared norms at norms.
  (func $scoreBlock
    (param $z i32) (param $dim i32) (param $m i32) (param $v i32)
    (param $centroids i32) (param $norms i32) (param $k i32)
    (param $g i32) (param $cb i32) (param $pos i32)
    (local $i i32) (local $j i32) (local $za i32) (local $ma i32) (local $va i32) (local $ca i32)
    (local $zv v128) (local $t v128) (local $w v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $za (local.get $z))
    (local.set $ma (local.get $m))
    (local.set $va (local.get $v))
    (block $done
      (loop $elements
        (br_if $done (i32.ge_u (local.get $i) (local.get $dim)))
        (local.set $zv (v128.load (local.get $za)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $zv) (local.get $zv))))
        (local.set $t (f32x4.sub (local.get $zv) (v128.load (local.get $ma))))
        (local.set $p0 (f32x4.add (local.get $p0)
          (f32x4.mul (f32x4.mul (local.get $t) (local.get $t)) (v128.load (local.get $va)))))
        (local.set $zv (v128.load offset=16 (local.get $za)))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $zv) (local.get $zv))))
        (local.set $t (f32x4.sub (local.get $zv) (v128.load offset=16 (local.get $ma))))
        (local.set $p1 (f32x4.add (local.get $p1)
          (f32x4.mul (f32x4.mul (local.get $t) (local.get $t)) (v128.load offset=16 (local.get $va)))))
        (local.set $zv (v128.load offset=32 (local.get $za)))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $zv) (local.get $zv))))
        (local.set $t (f32x4.sub (local.get $zv) (v128.load offset=32 (local.get $ma))))
        (local.set $p2 (f32x4.add (local.get $p2)
          (f32x4.mul (f32x4.mul (local.get $t) (local.get $t)) (v128.load offset=32 (local.get $va)))))
        (local.set $zv (v128.load offset=48 (local.get $za)))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $zv) (local.get $zv))))
        (local.set $t (f32x4.sub (local.get $zv) (v128.load offset=48 (local.get $ma))))
        (local.set $p3 (f32x4.add (local.get $p3)
          (f32x4.mul (f32x4.mul (local.get $t) (local.get $t)) (v128.load offset=48 (local.get $va)))))
        (local.set $za (i32.add (local.get $za) (i32.const 64)))
        (local.set $ma (i32.add (local.get $ma) (i32.const 64)))
        (local.set $va (i32.add (local.get $va) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $elements)))
    (v128.store (local.get $g) (local.get $s0))
    (v128.store offset=16 (local.get $g) (local.get $s1))
    (v128.store offset=32 (local.get $g) (local.get $s2))
    (v128.store offset=48 (local.get $g) (local.get $s3))
    (v128.store (local.get $pos) (local.get $p0))
    (v128.store offset=16 (local.get $pos) (local.get $p1))
    (v128.store offset=32 (local.get $pos) (local.get $p2))
    (v128.store offset=48 (local.get $pos) (local.get $p3))

    (local.set $b0 (f32x4.splat (f32.const inf)))
    (local.set $b1 (local.get $b0))
    (local.set $b2 (local.get $b0))
    (local.set $b3 (local.get $b0))
    (local.set $ca (local.get $centroids))
    (block $last
      (loop $codewords
        (br_if $last (i32.ge_u (local.get $j) (local.get $k)))
        (local.set $d0 (v128.const i32x4 0 0 0 0))
        (local.set $d1 (v128.const i32x4 0 0 0 0))
        (local.set $d2 (v128.const i32x4 0 0 0 0))
        (local.set $d3 (v128.const i32x4 0 0 0 0))
        (local.set $za (local.get $z))
        (local.set $i (i32.const 0))
        (block $dot
          (loop $products
            (br_if $dot (i32.ge_u (local.get $i) (local.get $dim)))
            (local.set $w (f32x4.splat (f32.load (local.get $ca))))
            (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (local.get $w) (v128.load (local.get $za)))))
            (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (local.get $w) (v128.load offset=16 (local.get $za)))))
            (local.set $d2 (f32x4.add (local.get $d2) (f32x4.mul (local.get $w) (v128.load offset=32 (local.get $za)))))
            (local.set $d3 (f32x4.add (local.get $d3) (f32x4.mul (local.get $w) (v128.load offset=48 (local.get $za)))))
            (local.set $ca (i32.add (local.get $ca) (i32.const 4)))
            (local.set $za (i32.add (local.get $za) (i32.const 64)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $products)))
        ;; |c_j|² − 2 z·c_j
        (local.set $w
          (f32x4.splat (f32.load (i32.add (local.get $norms) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $b0 (f32x4.min (local.get $b0) (f32x4.sub (local.get $w) (f32x4.add (local.get $d0) (local.get $d0)))))
        (local.set $b1 (f32x4.min (local.get $b1) (f32x4.sub (local.get $w) (f32x4.add (local.get $d1) (local.get $d1)))))
        (local.set $b2 (f32x4.min (local.get $b2) (f32x4.sub (local.get $w) (f32x4.add (local.get $d2) (local.get $d2)))))
        (local.set $b3 (f32x4.min (local.get $b3) (f32x4.sub (local.get $w) (f32x4.add (local.get $d3) (local.get $d3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $codewords)))
    ;; Rounding can take a (near-)zero distance below zero.
    (local.set $w (v128.const i32x4 0 0 0 0))
    (v128.store (local.get $cb) (f32x4.max (local.get $w) (f32x4.add (local.get $s0) (local.get $b0))))
    (v128.store offset=16 (local.get $cb) (f32x4.max (local.get $w) (f32x4.add (local.get $s1) (local.get $b1))))
    (v128.store offset=32 (local.get $cb) (f32x4.max (local.get $w) (f32x4.add (local.get $s2) (local.get $b2))))
    (v128.store offset=48 (local.get $cb) (f32x4.max (local.get $w) (f32x4.add (local.get $s3) (local.get $b3)))))

  ;; Whitens `cells` feature vectors of `dim` floats (feat, cell-major) into out (cell-major): L·(f − mean). With
  ;; k > 0 also scores them: g, cb and pos receive one float per cell (space for a multiple of 16 cells), and m and
  ;; v hold the per-position mean and inverse variance, interleaved per block of 16 cells. x and z are scratch
  ;; space of dim·16 floats each.
  (func (export "analyse")
    (param $feat i32) (param $mean i32) (param $lower i32) (param $out i32) (param $cells i32) (param $dim i32)
    (param $x i32) (param $z i32)
    (param $k i32) (param $centroids i32) (param $norms i32) (param $m i32) (param $v i32)
    (param $g i32) (param $cb i32) (param $pos i32)
    (local $c i32) (local $n i32) (local $blockBytes i32) (local $cellOffset i32)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $c) (local.get $cells)))
        (local.set $n (i32.sub (local.get $cells) (local.get $c)))
        (if (i32.gt_u (local.get $n) (i32.const 16)) (then (local.set $n (i32.const 16))))
        (call $centre (local.get $feat) (local.get $mean) (local.get $x) (local.get $c) (local.get $n) (local.get $dim))
        (call $whitenBlock (local.get $lower) (local.get $x) (local.get $z) (local.get $dim))
        (call $scatter (local.get $z) (local.get $out) (local.get $c) (local.get $n) (local.get $dim))
        (if (i32.gt_s (local.get $k) (i32.const 0))
          (then
            ;; Block c/16 of m and v starts at float c·dim; its scores at float c.
            (local.set $blockBytes (i32.shl (i32.mul (local.get $c) (local.get $dim)) (i32.const 2)))
            (local.set $cellOffset (i32.shl (local.get $c) (i32.const 2)))
            (call $scoreBlock
              (local.get $z) (local.get $dim)
              (i32.add (local.get $m) (local.get $blockBytes)) (i32.add (local.get $v) (local.get $blockBytes))
              (local.get $centroids) (local.get $norms) (local.get $k)
              (i32.add (local.get $g) (local.get $cellOffset))
              (i32.add (local.get $cb) (local.get $cellOffset))
              (i32.add (local.get $pos) (local.get $cellOffset)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $blocks))))

  ;; [1 2 1]/4 of three values, in that order: what each pass of smoothing computes.
  (func $mix (param $a f32) (param $b f32) (param $c f32) (result f32)
    (f32.add
      (f32.add (f32.mul (f32.const 0.25) (local.get $a)) (f32.mul (f32.const 0.5) (local.get $b)))
      (f32.mul (f32.const 0.25) (local.get $c))))

  (func $mix4 (param $a v128) (param $b v128) (param $c v128) (result v128)
    (f32x4.add
      (f32x4.add
        (f32x4.mul (f32x4.splat (f32.const 0.25)) (local.get $a))
        (f32x4.mul (f32x4.splat (f32.const 0.5)) (local.get $b)))
      (f32x4.mul (f32x4.splat (f32.const 0.25)) (local.get $c))))

  ;; out[x] = mix(u[x], r[x], d[x]) for x < n: three rows into one.
  (func $mixRows (param $u i32) (param $r i32) (param $d i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $vectors
      (loop $fours
        (br_if $vectors (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $out)
          (call $mix4 (v128.load (local.get $u)) (v128.load (local.get $r)) (v128.load (local.get $d))))
        (local.set $u (i32.add (local.get $u) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $fours)))
    (block $done
      (loop $ones
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out)
          (call $mix (f32.load (local.get $u)) (f32.load (local.get $r)) (f32.load (local.get $d))))
        (local.set $u (i32.add (local.get $u) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $ones))))

  ;; Smooths `planes` planes of w×h floats at data in place, `passes` times: [1 2 1]/4 along x into tmp (w×h floats),
  ;; then along y back, borders replicated (features.ts, smoothGrid).
  (func (export "smooth") (param $data i32) (param $tmp i32) (param $w i32) (param $h i32) (param $planes i32)
    (param $passes i32)
    (local $plane i32) (local $pass i32) (local $y i32) (local $row i32) (local $last i32) (local $rowBytes i32)
    (local $a i32) (local $b i32)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (block $allPlanes
      (loop $planeLoop
        (br_if $allPlanes (i32.ge_u (local.get $plane) (local.get $planes)))
        (local.set $pass (i32.const 0))
        (block $allPasses
          (loop $passLoop
            (br_if $allPasses (i32.ge_u (local.get $pass) (local.get $passes)))
            ;; Along x: the first and last values of a row replicate themselves; the rest mix their neighbours.
            (local.set $y (i32.const 0))
            (block $rowsX
              (loop $rowX
                (br_if $rowsX (i32.ge_u (local.get $y) (local.get $h)))
                (local.set $a (i32.add (local.get $data) (i32.mul (local.get $y) (local.get $rowBytes))))
                (local.set $b (i32.add (local.get $tmp) (i32.mul (local.get $y) (local.get $rowBytes))))
                (local.set $last (i32.add (local.get $a) (i32.sub (local.get $rowBytes) (i32.const 4))))
                (if (i32.eq (local.get $w) (i32.const 1))
                  (then
                    (f32.store (local.get $b)
                      (call $mix (f32.load (local.get $a)) (f32.load (local.get $a)) (f32.load (local.get $a)))))
                  (else
                    (f32.store (local.get $b)
                      (call $mix (f32.load (local.get $a)) (f32.load (local.get $a)) (f32.load offset=4 (local.get $a))))
                    (call $mixRows
                      (local.get $a) (i32.add (local.get $a) (i32.const 4)) (i32.add (local.get $a) (i32.const 8))
                      (i32.add (local.get $b) (i32.const 4)) (i32.sub (local.get $w) (i32.const 2)))
                    (f32.store (i32.add (local.get $b) (i32.sub (local.get $rowBytes) (i32.const 4)))
                      (call $mix
                        (f32.load (i32.sub (local.get $last) (i32.const 4)))
                        (f32.load (local.get $last))
                        (f32.load (local.get $last))))))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $rowX)))
            ;; Along y: rows above and below, replicated at the top and bottom.
            (local.set $y (i32.const 0))
            (block $rowsY
              (loop $rowY
                (br_if $rowsY (i32.ge_u (local.get $y) (local.get $h)))
                (local.set $row (i32.add (local.get $tmp) (i32.mul (local.get $y) (local.get $rowBytes))))
                (call $mixRows
                  (select (i32.sub (local.get $row) (local.get $rowBytes)) (local.get $row)
                    (i32.gt_u (local.get $y) (i32.const 0)))
                  (local.get $row)
                  (select (i32.add (local.get $row) (local.get $rowBytes)) (local.get $row)
                    (i32.lt_u (i32.add (local.get $y) (i32.const 1)) (local.get $h)))
                  (i32.add (local.get $data) (i32.mul (local.get $y) (local.get $rowBytes)))
                  (local.get $w))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $rowY)))
            (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
            (br $passLoop)))
        (local.set $data (i32.add (local.get $data) (i32.mul (local.get $h) (local.get $rowBytes))))
        (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
        (br $planeLoop))))

  ;; v clamped to [0, n − 1].
  (func $clamp (param $v i32) (param $n i32) (result i32)
    (select (i32.const 0)
      (select (i32.sub (local.get $n) (i32.const 1)) (local.get $v) (i32.ge_s (local.get $v) (local.get $n)))
      (i32.lt_s (local.get $v) (i32.const 0))))

  ;; The profile at (x, y): plane(q) − ½(plane(q + side) + plane(q − side)), coordinates clamped.
  (func $profile (param $plane i32) (param $w i32) (param $h i32) (param $x i32) (param $y i32) (param $sx i32)
    (param $sy i32) (result f32)
    (f32.sub
      (f32.load (i32.add (local.get $plane)
        (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)) (i32.const 2))))
      (f32.mul (f32.const 0.5)
        (f32.add
          (f32.load (i32.add (local.get $plane) (i32.shl
            (i32.add
              (i32.mul (call $clamp (i32.add (local.get $y) (local.get $sy)) (local.get $h)) (local.get $w))
              (call $clamp (i32.add (local.get $x) (local.get $sx)) (local.get $w)))
            (i32.const 2))))
          (f32.load (i32.add (local.get $plane) (i32.shl
            (i32.add
              (i32.mul (call $clamp (i32.sub (local.get $y) (local.get $sy)) (local.get $h)) (local.get $w))
              (call $clamp (i32.sub (local.get $x) (local.get $sx)) (local.get $w)))
            (i32.const 2))))))))

  ;; Thin-line responses (lines.ts, lineResponses) of the w×h plane: for each of the `directions`
  ;; (four i32 each at dirs: side x, side y, along x, along y), the profile q − ½(q + side, q − side) with clamped
  ;; coordinates goes into padded ((w + 2·reach)×(h + 2·reach) floats, borders repeating the edge values), and its
  ;; mean over the 2·half + 1 taps along the line updates dark (max of −mean) and bright (max of mean), both with rows
  ;; of `stride` floats (w rounded up to 4: the columns past w are scratch) and starting from 0. reach must be at least
  ;; half × the largest along step + 3, so that taps past a row's end stay in padded.
  (func (export "lines") (param $plane i32) (param $w i32) (param $h i32) (param $dirs i32) (param $directions i32)
    (param $half i32) (param $reach i32) (param $padded i32) (param $dark i32) (param $bright i32) (param $stride i32)
    (local $d i32) (local $sx i32) (local $sy i32) (local $step i32) (local $pw i32) (local $x i32) (local $y i32)
    (local $row i32) (local $t i32) (local $at i32) (local $i i32) (local $sum v128) (local $r v128)
    (local $inverse v128) (local $bx i32) (local $centre i32) (local $above i32) (local $below i32)
    (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $reach) (i32.const 1))))
    (local.set $inverse
      (f32x4.splat
        (f32.div (f32.const 1)
          (f32.convert_i32_s (i32.add (i32.shl (local.get $half) (i32.const 1)) (i32.const 1))))))
    (memory.fill (local.get $dark) (i32.const 0) (i32.shl (i32.mul (local.get $stride) (local.get $h)) (i32.const 2)))
    (memory.fill (local.get $bright) (i32.const 0) (i32.shl (i32.mul (local.get $stride) (local.get $h)) (i32.const 2)))
    (block $allDirections
      (loop $direction
        (br_if $allDirections (i32.ge_u (local.get $d) (local.get $directions)))
        (local.set $sx (i32.load (local.get $dirs)))
        (local.set $sy (i32.load offset=4 (local.get $dirs)))
        (local.set $bx (select (local.get $sx) (i32.sub (i32.const 0) (local.get $sx)) (i32.ge_s (local.get $sx) (i32.const 0))))
        ;; One tap along the line, in bytes of padded.
        (local.set $step
          (i32.shl
            (i32.add (i32.mul (i32.load offset=12 (local.get $dirs)) (local.get $pw)) (i32.load offset=8 (local.get $dirs)))
            (i32.const 2)))
        ;; The profile, into the middle of padded, each row's borders repeating its edge values.
        (local.set $y (i32.const 0))
        (block $profiled
          (loop $profileRow
            (br_if $profiled (i32.ge_u (local.get $y) (local.get $h)))
            (local.set $row
              (i32.add (local.get $padded)
                (i32.shl (i32.mul (i32.add (local.get $y) (local.get $reach)) (local.get $pw)) (i32.const 2))))
            ;; Clamped taps at the row's ends; inside, four pixels at a time from the rows above and below.
            (local.set $x (i32.const 0))
            (block $leftDone
              (loop $left
                (br_if $leftDone
                  (i32.or (i32.ge_s (local.get $x) (local.get $bx)) (i32.ge_s (local.get $x) (local.get $w))))
                (f32.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $x) (local.get $reach)) (i32.const 2)))
                  (call $profile (local.get $plane) (local.get $w) (local.get $h) (local.get $x) (local.get $y)
                    (local.get $sx) (local.get $sy)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $left)))
            (local.set $centre
              (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2))))
            (local.set $above
              (i32.add (local.get $plane) (i32.shl
                (i32.add (i32.mul (call $clamp (i32.add (local.get $y) (local.get $sy)) (local.get $h)) (local.get $w))
                  (local.get $sx))
                (i32.const 2))))
            (local.set $below
              (i32.add (local.get $plane) (i32.shl
                (i32.sub (i32.mul (call $clamp (i32.sub (local.get $y) (local.get $sy)) (local.get $h)) (local.get $w))
                  (local.get $sx))
                (i32.const 2))))
            (block $insideDone
              (loop $inside
                (br_if $insideDone
                  (i32.gt_s (i32.add (local.get $x) (i32.const 4)) (i32.sub (local.get $w) (local.get $bx))))
                (local.set $i (i32.shl (local.get $x) (i32.const 2)))
                (v128.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $x) (local.get $reach)) (i32.const 2)))
                  (f32x4.sub
                    (v128.load (i32.add (local.get $centre) (local.get $i)))
                    (f32x4.mul (f32x4.splat (f32.const 0.5))
                      (f32x4.add
                        (v128.load (i32.add (local.get $above) (local.get $i)))
                        (v128.load (i32.add (local.get $below) (local.get $i)))))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $inside)))
            (block $rightDone
              (loop $right
                (br_if $rightDone (i32.ge_s (local.get $x) (local.get $w)))
                (f32.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $x) (local.get $reach)) (i32.const 2)))
                  (call $profile (local.get $plane) (local.get $w) (local.get $h) (local.get $x) (local.get $y)
                    (local.get $sx) (local.get $sy)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $right)))
            (local.set $i (i32.const 0))
            (block $bordered
              (loop $border
                (br_if $bordered (i32.ge_u (local.get $i) (local.get $reach)))
                (f32.store (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2)))
                  (f32.load (i32.add (local.get $row) (i32.shl (local.get $reach) (i32.const 2)))))
                (f32.store
                  (i32.add (local.get $row)
                    (i32.shl (i32.add (i32.add (local.get $reach) (local.get $w)) (local.get $i)) (i32.const 2)))
                  (f32.load (i32.add (local.get $row)
                    (i32.shl (i32.sub (i32.add (local.get $reach) (local.get $w)) (i32.const 1)) (i32.const 2)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $border)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $profileRow)))
        ;; Rows above and below repeat the first and the last row.
        (local.set $i (i32.const 0))
        (block $padRows
          (loop $padRow
            (br_if $padRows (i32.ge_u (local.get $i) (local.get $reach)))
            (memory.copy
              (i32.add (local.get $padded) (i32.shl (i32.mul (local.get $i) (local.get $pw)) (i32.const 2)))
              (i32.add (local.get $padded) (i32.shl (i32.mul (local.get $reach) (local.get $pw)) (i32.const 2)))
              (i32.shl (local.get $pw) (i32.const 2)))
            (memory.copy
              (i32.add (local.get $padded) (i32.shl
                (i32.mul (i32.add (i32.add (local.get $reach) (local.get $h)) (local.get $i)) (local.get $pw))
                (i32.const 2)))
              (i32.add (local.get $padded) (i32.shl
                (i32.mul (i32.sub (i32.add (local.get $reach) (local.get $h)) (i32.const 1)) (local.get $pw))
                (i32.const 2)))
              (i32.shl (local.get $pw) (i32.const 2)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $padRow)))
        ;; The mean along the line, four pixels at a time.
        (local.set $y (i32.const 0))
        (block $summed
          (loop $sumRow
            (br_if $summed (i32.ge_u (local.get $y) (local.get $h)))
            (local.set $x (i32.const 0))
            (block $sumRowDone
              (loop $four
                (br_if $sumRowDone (i32.ge_u (local.get $x) (local.get $stride)))
                (local.set $at
                  (i32.add (local.get $padded)
                    (i32.shl
                      (i32.add (i32.mul (i32.add (local.get $y) (local.get $reach)) (local.get $pw))
                        (i32.add (local.get $x) (local.get $reach)))
                      (i32.const 2))))
                (local.set $at (i32.sub (local.get $at) (i32.mul (local.get $half) (local.get $step))))
                (local.set $sum (v128.const i32x4 0 0 0 0))
                (local.set $t (i32.const 0))
                (loop $taps
                  (local.set $sum (f32x4.add (local.get $sum) (v128.load (local.get $at))))
                  (local.set $at (i32.add (local.get $at) (local.get $step)))
                  (local.set $t (i32.add (local.get $t) (i32.const 1)))
                  (br_if $taps (i32.le_u (local.get $t) (i32.shl (local.get $half) (i32.const 1)))))
                (local.set $r (f32x4.mul (local.get $sum) (local.get $inverse)))
                (local.set $i
                  (i32.shl (i32.add (i32.mul (local.get $y) (local.get $stride)) (local.get $x)) (i32.const 2)))
                (v128.store (i32.add (local.get $dark) (local.get $i))
                  (f32x4.max (v128.load (i32.add (local.get $dark) (local.get $i))) (f32x4.neg (local.get $r))))
                (v128.store (i32.add (local.get $bright) (local.get $i))
                  (f32x4.max (v128.load (i32.add (local.get $bright) (local.get $i))) (local.get $r)))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $four)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $sumRow)))
        (local.set $dirs (i32.add (local.get $dirs) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $direction))))

  ;; Block means of gradient and Laplacian energies of the w×h plane at img (kernels.ts, blockEnergies), blocks of
  ;; `block` px, into planes of (w / block)×(h / block) floats at out: with orientations five planes (gx², gy², the
  ;; two diagonals ½(gx ± gy)², the Laplacian's square), else one (gx² + gy²). Central differences, borders replicated.
  (func (export "energies") (param $img i32) (param $w i32) (param $h i32) (param $block i32) (param $out i32)
    (param $orientations i32)
    (local $y i32) (local $x i32) (local $row i32) (local $up i32) (local $down i32) (local $cellRow i32)
    (local $cell i32) (local $inBlock i32) (local $plane i32) (local $norm f32)
    (local $centre f32) (local $left f32) (local $right f32) (local $above f32) (local $below f32)
    (local $gx f32) (local $gy f32) (local $t f32) (local $a i32)
    (local.set $norm (f32.div (f32.const 1) (f32.convert_i32_u (i32.mul (local.get $block) (local.get $block)))))
    ;; Bytes of one output plane.
    (local.set $plane
      (i32.shl
        (i32.mul (i32.div_u (local.get $w) (local.get $block)) (i32.div_u (local.get $h) (local.get $block)))
        (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0)
      (select (i32.mul (local.get $plane) (i32.const 5)) (local.get $plane) (local.get $orientations)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $row (i32.add (local.get $img) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2))))
        (local.set $up
          (select (i32.sub (local.get $row) (i32.shl (local.get $w) (i32.const 2))) (local.get $row)
            (i32.gt_u (local.get $y) (i32.const 0))))
        (local.set $down
          (select (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 2))) (local.get $row)
            (i32.lt_u (i32.add (local.get $y) (i32.const 1)) (local.get $h))))
        ;; The first cell of this row, in bytes of a plane.
        (local.set $cellRow
          (i32.add (local.get $out)
            (i32.shl
              (i32.mul (i32.div_u (local.get $y) (local.get $block)) (i32.div_u (local.get $w) (local.get $block)))
              (i32.const 2))))
        (local.set $cell (local.get $cellRow))
        (local.set $inBlock (i32.const 0))
        (local.set $x (i32.const 0))
        (local.set $left (f32.load (local.get $row)))
        (local.set $centre (f32.load (local.get $row)))
        (block $pixelsDone
          (loop $pixels
            (br_if $pixelsDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $a (i32.shl (local.get $x) (i32.const 2)))
            (local.set $right
              (select
                (f32.load offset=4 (i32.add (local.get $row) (local.get $a)))
                (local.get $centre)
                (i32.lt_u (i32.add (local.get $x) (i32.const 1)) (local.get $w))))
            (local.set $above (f32.load (i32.add (local.get $up) (local.get $a))))
            (local.set $below (f32.load (i32.add (local.get $down) (local.get $a))))
            (local.set $gx (f32.mul (f32.const 0.5) (f32.sub (local.get $right) (local.get $left))))
            (local.set $gy (f32.mul (f32.const 0.5) (f32.sub (local.get $below) (local.get $above))))
            (if (local.get $orientations)
              (then
                (f32.store (local.get $cell)
                  (f32.add (f32.load (local.get $cell))
                    (f32.mul (f32.mul (local.get $gx) (local.get $gx)) (local.get $norm))))
                (local.set $a (i32.add (local.get $cell) (local.get $plane)))
                (f32.store (local.get $a)
                  (f32.add (f32.load (local.get $a))
                    (f32.mul (f32.mul (local.get $gy) (local.get $gy)) (local.get $norm))))
                (local.set $t (f32.add (local.get $gx) (local.get $gy)))
                (local.set $a (i32.add (local.get $a) (local.get $plane)))
                (f32.store (local.get $a)
                  (f32.add (f32.load (local.get $a))
                    (f32.mul (f32.mul (f32.mul (f32.const 0.5) (local.get $t)) (local.get $t)) (local.get $norm))))
                (local.set $t (f32.sub (local.get $gx) (local.get $gy)))
                (local.set $a (i32.add (local.get $a) (local.get $plane)))
                (f32.store (local.get $a)
                  (f32.add (f32.load (local.get $a))
                    (f32.mul (f32.mul (f32.mul (f32.const 0.5) (local.get $t)) (local.get $t)) (local.get $norm))))
                (local.set $t
                  (f32.sub (local.get $centre)
                    (f32.mul (f32.const 0.25)
                      (f32.add
                        (f32.add (f32.add (local.get $left) (local.get $right)) (local.get $above))
                        (local.get $below)))))
                (local.set $a (i32.add (local.get $a) (local.get $plane)))
                (f32.store (local.get $a)
                  (f32.add (f32.load (local.get $a))
                    (f32.mul (f32.mul (local.get $t) (local.get $t)) (local.get $norm)))))
              (else
                (f32.store (local.get $cell)
                  (f32.add (f32.load (local.get $cell))
                    (f32.mul
                      (f32.add (f32.mul (local.get $gx) (local.get $gx)) (f32.mul (local.get $gy) (local.get $gy)))
                      (local.get $norm))))))
            (local.set $left (local.get $centre))
            (local.set $centre (local.get $right))
            (local.set $inBlock (i32.add (local.get $inBlock) (i32.const 1)))
            (if (i32.eq (local.get $inBlock) (local.get $block))
              (then
                (local.set $inBlock (i32.const 0))
                (local.set $cell (i32.add (local.get $cell) (i32.const 4)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $pixels)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
)
