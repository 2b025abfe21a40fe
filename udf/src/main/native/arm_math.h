// ARM-Net's per-neuron arithmetic (MODELS.md sections 3 and 4), operation for operation as the
// CPU backend does it (udf/.../cpu: EmbeddingTable, DenseLayer, Entmax, ExponentialNeurons and
// VectorMath), so that gates, interaction weights and exponential-neuron outputs are bitwise the
// CPU's. Explanations read only gates and weights, so EXPLAIN_PREDICT on the GPU is then exactly
// the CPU's. Every function is __host__ __device__: the kernels use it, and so does the
// host-side check that compares it with the CPU backend on a machine without a GPU
// (NativeGpu.armNeuronsOnHost).
//
// Exactness rules: each float or double operation is one IEEE basic operation rounded to
// nearest, never contracted into a fused multiply-add unless the CPU fuses it too (device code
// uses the _rn intrinsics, which nvcc never contracts; host code is built with
// -ffp-contract=off); max and min follow Java's Math.max/min (NaN wins, +0 above -0); exp and
// pow are VectorMath's polynomials, not the CUDA or C library's.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef __CUDACC__
#define SQLSCORE_HD __host__ __device__ __forceinline__
#else
#define SQLSCORE_HD inline
#endif
#ifdef __CUDA_ARCH__
#define SQLSCORE_UNROLL _Pragma("unroll")
#else
#define SQLSCORE_UNROLL
#endif

namespace sqlscore {
namespace exact {

// ---- IEEE basic operations, never contracted -------------------------------------------------

SQLSCORE_HD float add(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fadd_rn(a, b);
#else
  return a + b;
#endif
}

SQLSCORE_HD float sub(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fsub_rn(a, b);
#else
  return a - b;
#endif
}

SQLSCORE_HD float mul(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fmul_rn(a, b);
#else
  return a * b;
#endif
}

SQLSCORE_HD float div(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fdiv_rn(a, b);
#else
  return a / b;
#endif
}

/** a · b + c rounded once. */
SQLSCORE_HD float fma(float a, float b, float c) {
#ifdef __CUDA_ARCH__
  return __fmaf_rn(a, b, c);
#else
  return std::fmaf(a, b, c);
#endif
}

SQLSCORE_HD double add(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(a, b);
#else
  return a + b;
#endif
}

SQLSCORE_HD double sub(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dsub_rn(a, b);
#else
  return a - b;
#endif
}

SQLSCORE_HD double mul(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}

SQLSCORE_HD double div(double a, double b) {
#ifdef __CUDA_ARCH__
  return __ddiv_rn(a, b);
#else
  return a / b;
#endif
}

SQLSCORE_HD double fma(double a, double b, double c) {
#ifdef __CUDA_ARCH__
  return __fma_rn(a, b, c);
#else
  return std::fma(a, b, c);
#endif
}

/** Java's Math.max: NaN if either is NaN, +0 above -0. */
SQLSCORE_HD float max(float a, float b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a == 0.f && b == 0.f) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

/** Java's Math.min: NaN if either is NaN, -0 below +0. */
SQLSCORE_HD float min(float a, float b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a == 0.f && b == 0.f) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

SQLSCORE_HD double max(double a, double b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a == 0.0 && b == 0.0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

SQLSCORE_HD double min(double a, double b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a == 0.0 && b == 0.0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

SQLSCORE_HD int64_t bits(double x) {
  int64_t out;
  memcpy(&out, &x, sizeof(out));
  return out;
}

SQLSCORE_HD double fromBits(int64_t x) {
  double out;
  memcpy(&out, &x, sizeof(out));
  return out;
}

// ---- VectorMath's exp and pow ----------------------------------------------------------------

/** VectorMath.exp(double): e^x by a degree-11 Taylor polynomial after range reduction by ln 2. */
SQLSCORE_HD double exp(double x) {
  const double ln2Hi = 6.93147180369123816490e-01;
  const double ln2Lo = 1.90821492927058770002e-10;
  const double roundShift = 6755399441055744.0;  // 1.5 * 2^52
  const double expMax = 709.78;
  const double expMin = -708.39;
  const double clamped = min(max(x, expMin), expMax);
  const double shifted = add(mul(clamped, 1.4426950408889634), roundShift);
  const double k = sub(shifted, roundShift);
  double r = fma(-k, ln2Hi, clamped);
  r = fma(-k, ln2Lo, r);
  // 1/n!, n = 11 down to 0, each a correctly rounded division as VectorMath computes them.
  double p = 1.0 / 39916800.0;
  p = fma(p, r, 1.0 / 3628800.0);
  p = fma(p, r, 1.0 / 362880.0);
  p = fma(p, r, 1.0 / 40320.0);
  p = fma(p, r, 1.0 / 5040.0);
  p = fma(p, r, 1.0 / 720.0);
  p = fma(p, r, 1.0 / 120.0);
  p = fma(p, r, 1.0 / 24.0);
  p = fma(p, r, 1.0 / 6.0);
  p = fma(p, r, 1.0 / 2.0);
  p = fma(p, r, 1.0 / 1.0);
  p = fma(p, r, 1.0 / 1.0);
  const int64_t exponent =
      static_cast<int64_t>(static_cast<uint64_t>(bits(shifted) - bits(roundShift) + 1023) << 52);
  double result = mul(p, fromBits(exponent));
  if (x > expMax) result = INFINITY;
  if (x < expMin) result = 0.0;
  if (x != x) result = x;
  return result;
}

SQLSCORE_HD int32_t bits(float x) {
  int32_t out;
  memcpy(&out, &x, sizeof(out));
  return out;
}

SQLSCORE_HD float fromBits(int32_t x) {
  float out;
  memcpy(&out, &x, sizeof(out));
  return out;
}

SQLSCORE_HD int32_t max(int32_t a, int32_t b) { return a > b ? a : b; }

SQLSCORE_HD int32_t min(int32_t a, int32_t b) { return a < b ? a : b; }

SQLSCORE_HD float abs(float x) { return fromBits(bits(x) & 0x7fffffff); }

SQLSCORE_HD float sqrt(float x) {
#ifdef __CUDA_ARCH__
  return __fsqrt_rn(x);
#else
  return std::sqrt(x);
#endif
}

/**
 * VectorMath.exp(float[]): e^x in float, a degree-7 Taylor polynomial after range reduction by
 * ln 2, scaled by 2^k in two factors (subnormal results keep their digits).
 */
SQLSCORE_HD float exp(float t) {
  const float ln2Hi = 0.693145751953125f;
  const float ln2Lo = 1.428606765330187e-6f;
  const float roundShift = 12582912.f;  // 1.5 * 2^23
  const float expMax = 88.72284f;
  const float expMin = -104.f;
  const float clamped = min(max(t, expMin), expMax);
  const float shifted = add(mul(clamped, static_cast<float>(1.4426950408889634)), roundShift);
  const float k = sub(shifted, roundShift);
  float g = fma(-k, ln2Hi, clamped);
  g = fma(-k, ln2Lo, g);
  // (float) (1/n!), n = 7 down to 0, rounded from double as VectorMath rounds them.
  float q = static_cast<float>(1.0 / 5040.0);
  q = fma(q, g, static_cast<float>(1.0 / 720.0));
  q = fma(q, g, static_cast<float>(1.0 / 120.0));
  q = fma(q, g, static_cast<float>(1.0 / 24.0));
  q = fma(q, g, static_cast<float>(1.0 / 6.0));
  q = fma(q, g, 0.5f);
  q = fma(q, g, 1.f);
  q = fma(q, g, 1.f);
  int32_t k2 = bits(shifted) - bits(roundShift);
  const int32_t k1 = min(max(k2, -126), 127);
  k2 = k2 - k1;
  float result = mul(mul(q, fromBits((k1 + 127) << 23)), fromBits((k2 + 127) << 23));
  if (t > expMax) result = INFINITY;
  if (t < expMin) result = 0.f;
  if (t != t) result = t;
  return result;
}

/** VectorMath.logTimes: r · ln x in float; x <= 0 gives −∞, NaN stays NaN. */
SQLSCORE_HD float logTimes(float x, float r) {
  const float ln2Hi = 0.693145751953125f;
  const float ln2Lo = 1.428606765330187e-6f;
  const int32_t b = bits(max(x, 0x1p-126f));  // Float.MIN_NORMAL
  float e = sub(fromBits(static_cast<int32_t>(static_cast<uint32_t>(b) >> 23) | 0x4b000000), 8388735.f);
  float m = fromBits((b & 0x007fffff) | 0x3f800000);
  if (m > 1.4142135f) {
    m = mul(m, 0.5f);
    e = add(e, 1.f);
  }
  const float s = div(sub(m, 1.f), add(m, 1.f));
  const float z = mul(s, s);
  // 2/(2n+1), n = 4 down to 0, in float.
  float p = 2.f / 9.f;
  p = fma(p, z, 2.f / 7.f);
  p = fma(p, z, 2.f / 5.f);
  p = fma(p, z, 2.f / 3.f);
  p = fma(p, z, 2.f);
  float y = mul(fma(e, ln2Hi, fma(e, ln2Lo, mul(s, p))), r);
  if (x <= 0.f) y = -INFINITY;
  if (x != x) y = x;
  return y;
}

/** VectorMath.pow(float[], r): x^r as the float exp of r · ln x; x <= 0 gives 0. */
SQLSCORE_HD float pow(float x, float r) { return exp(logTimes(x, r)); }

// ---- One exponential neuron of one row -------------------------------------------------------

/** How entmax raises max(x − τ, 0) to 1/(α−1), or softmax for α = 1. */
enum class GatePower : int { Identity = 0, Square = 1, Pow = 2, Softmax = 3 };

/** The constants of ARM-Net's gates, as the CPU backend's Entmax derives them. */
struct GateConstants {
  GatePower power;
  float scale;        // E^-1/2
  float am1;          // α − 1
  float exponent;     // 1 / (α − 1)
  float tauHiOffset;  // (1/F)^(α−1)
};

/** ARM-Net's clamp of a value to [0.001, 1] (NaN stays NaN). */
SQLSCORE_HD float clampValue(float v) { return min(max(v, 0.001f), 1.0f); }

/** Entmax's Newton iteration for one neuron: τ, the bracket and the sums at τ. */
struct EntmaxState {
  float tau;
  float lo;
  float hi;
  float sum;    // S = Σ_f d_f^r
  float slope;  // Q = Σ_f d_f^(r−1)
  float norm;   // S^(1/r)
};

/**
 * Entmax.evaluate at st.tau: d_f = max(x_f − τ, 0), q_f = d_f^(r−1) (1 or 0 for α = 2, d_f for
 * α = 1.5), S = Σ q_f·d_f and Q = Σ q_f in field order from 0, and the norm S^(α−1).
 */
template <int kMaxF>
SQLSCORE_HD void evaluate(const float (&x)[kMaxF], int fields, const GateConstants& c, float (&d)[kMaxF],
    float (&q)[kMaxF], EntmaxState& st) {
  float sum = 0.f;
  float slope = 0.f;
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) {
      d[f] = max(sub(x[f], st.tau), 0.f);
      switch (c.power) {
        case GatePower::Pow:
          q[f] = pow(d[f], sub(c.exponent, 1.f));
          break;
        case GatePower::Identity:
          q[f] = d[f] > 0.f ? 1.f : 0.f;
          break;
        default:
          q[f] = d[f];
      }
      sum = add(sum, mul(q[f], d[f]));
      slope = add(slope, q[f]);
    }
  }
  st.sum = sum;
  st.slope = slope;
  st.norm = c.power == GatePower::Square ? sqrt(sum) : c.power == GatePower::Pow ? pow(sum, c.am1) : sum;
}

/**
 * Entmax.step for one neuron: narrows the bracket with the evaluation at τ and moves τ by the
 * safeguarded Newton step (on the norm, or on S − 1 near the root; a step outside the bracket
 * bisects). Returns whether τ has converged.
 */
SQLSCORE_HD bool newtonStep(EntmaxState& st, bool first, float resolution, const GateConstants& c) {
  const float excess = sub(st.sum, 1.f);
  const bool below = excess >= 0.f;
  float lo = below ? st.tau : st.lo;
  const float hi = below ? st.hi : st.tau;
  const float normStep = div(mul(sub(st.norm, 1.f), st.sum), mul(st.norm, st.slope));
  const float sumStep = div(excess, mul(st.slope, c.exponent));
  const float newton = add(st.tau, abs(excess) < 0x1p-4f ? sumStep : normStep);
  const float mid = add(mul(sub(hi, lo), 0.5f), lo);
  float next = mul(sub(newton, lo), sub(hi, newton)) <= 0.f ? mid : newton;
  if (newton != newton) next = mid;
  if (newton == st.tau) next = st.tau;
  if (first && excess <= 0.f) {
    // The normative quirk: Σp at most 1 at the lower end gives the upper end's gates.
    lo = hi;
    next = hi;
  }
  const float offRoot = mul(mul(abs(excess), resolution), 0x1p20f);
  float miss = min(max(abs(sub(next, st.tau)), offRoot), sub(hi, lo));
  if (miss != miss) miss = 0.f;
  st.lo = lo;
  st.hi = hi;
  st.tau = next;
  return miss <= resolution;
}

/**
 * The gates of one (row, neuron) over its fields, Entmax.gates: on entry x[f] holds the bilinear
 * score s_f (DenseLayer: Σ_k e[f,k] · M[k,n] as fused multiply-adds in k order from 0); on exit
 * x[f] holds gate_f. Softmax for α = 1, else entmax with τ from Entmax's Newton iteration (at
 * most 30 steps from the bracket [max x − 1, max x − (1/F)^(α−1)]) and gate_f = q_f·d_f / S.
 */
template <int kMaxF>
SQLSCORE_HD void gates(float (&x)[kMaxF], int fields, const GateConstants& c) {
  float mx = -INFINITY;
  float sum = 0.f;
  if (c.power == GatePower::Softmax) {
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) {
        x[f] = mul(x[f], c.scale);
        mx = max(mx, x[f]);
      }
    }
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) {
        x[f] = exp(sub(x[f], mx));
        sum = add(sum, x[f]);
      }
    }
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) x[f] = div(x[f], sum);
    }
    return;
  }
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) {
      x[f] = mul(mul(x[f], c.scale), c.am1);
      mx = max(mx, x[f]);
    }
  }
  EntmaxState st;
  st.lo = sub(mx, 1.f);
  st.tau = st.lo;
  st.hi = sub(mx, c.tauHiOffset);
  const float resolution = mul(max(abs(mx), 1.f), 0x1p-20f);
  float d[kMaxF];
  float q[kMaxF];
  for (int step = 0; step < 30; ++step) {
    evaluate<kMaxF>(x, fields, c, d, q, st);
    if (newtonStep(st, step == 0, resolution, c)) break;
  }
  evaluate<kMaxF>(x, fields, c, d, q, st);
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) x[f] = div(mul(d[f], q[f]), st.sum);
  }
}

/** Where one (row, neuron) of ARM-Net reads its inputs and writes its outputs. */
struct NeuronIo {
  const float* e;            // the row's clamped embeddings [F, E]
  const float* scoreMatrix;  // [E, K·O]: Σ_y bilinear_w[k,x,y] · query[k,o,y]
  const float* fieldValues;  // attn_layer.values [K·O, F]
  double bnScale;            // arm_bn of this neuron as an affine map
  double bnShift;
  float* gates;    // the row's gates [F, stride], or null
  float* weights;  // the row's interaction weights [F, stride], or null
  int stride;
  int* order;      // this neuron's cross-feature order, or null
  float* hidden;   // this neuron's E outputs
};

/**
 * Neuron n of one row, as ArmNetModel.forwardTile computes it: the bilinear scores (DenseLayer:
 * Σ_k e[f,k] · M[k,n] as fused multiply-adds in k order from 0), the gates, the interaction
 * weights gate · value, then the E outputs bn(exp(Σ_f w_f · e[f,j])) with the sum as fused
 * multiply-adds in field order (ExponentialNeurons.apply).
 */
template <int kMaxF>
SQLSCORE_HD void armNeuron(int fields, int emb, int neurons, int n, const GateConstants& c, const NeuronIo& io) {
  float x[kMaxF];
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) {
      float s = 0.f;
      for (int k = 0; k < emb; ++k) s = fma(io.e[f * emb + k], io.scoreMatrix[k * neurons + n], s);
      x[f] = s;
    }
  }
  gates<kMaxF>(x, fields, c);
  int order = 0;
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) {
      const float gate = x[f];
      const float weight = mul(gate, io.fieldValues[n * fields + f]);
      if (io.gates != nullptr) io.gates[f * io.stride + n] = gate;
      if (io.weights != nullptr) io.weights[f * io.stride + n] = weight;
      order += gate > 0.f ? 1 : 0;
      x[f] = weight;
    }
  }
  if (io.order != nullptr) *io.order = order;
  for (int j = 0; j < emb; ++j) {
    float z = 0.f;
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) z = fma(x[f], io.e[f * emb + j], z);
    }
    io.hidden[j] = static_cast<float>(fma(exp(static_cast<double>(z)), io.bnScale, io.bnShift));
  }
}

}  // namespace exact
}  // namespace sqlscore
