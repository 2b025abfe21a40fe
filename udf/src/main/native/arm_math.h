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

/** VectorMath.exp(float[]): evaluated in double, rounded once. */
SQLSCORE_HD float exp(float x) { return static_cast<float>(exp(static_cast<double>(x))); }

/** VectorMath.pow(float[], r): x^r as exp(r · log x) in double, rounded once; x <= 0 gives 0. */
SQLSCORE_HD float pow(float value, float r) {
  const double ln2Hi = 6.93147180369123816490e-01;
  const double ln2Lo = 1.90821492927058770002e-10;
  const double x = static_cast<double>(value);
  const int64_t b = bits(max(x, 2.2250738585072014E-308));  // Double.MIN_NORMAL
  double e = static_cast<double>(static_cast<int64_t>(static_cast<uint64_t>(b) >> 52) - 1023);
  double m = fromBits((b & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
  if (m > 1.4142135623730951) {
    m = mul(m, 0.5);
    e = add(e, 1.0);
  }
  const double s = div(sub(m, 1.0), add(m, 1.0));
  const double z = mul(s, s);
  // 2/(2n+1), n = 7 down to 0.
  double p = 2.0 / 15.0;
  p = fma(p, z, 2.0 / 13.0);
  p = fma(p, z, 2.0 / 11.0);
  p = fma(p, z, 2.0 / 9.0);
  p = fma(p, z, 2.0 / 7.0);
  p = fma(p, z, 2.0 / 5.0);
  p = fma(p, z, 2.0 / 3.0);
  p = fma(p, z, 2.0 / 1.0);
  double y = mul(fma(e, ln2Hi, fma(e, ln2Lo, mul(s, p))), static_cast<double>(r));
  if (x <= 0.0) y = -INFINITY;
  if (x != x) y = x;
  return static_cast<float>(exp(y));
}

// ---- One exponential neuron of one row -------------------------------------------------------

/** How the entmax bisection raises max(x − τ, 0) to 1/(α−1), or softmax for α = 1. */
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

/** One entmax term, Entmax.evaluate: max(x − τ, 0) raised to the gate power. */
SQLSCORE_HD float gateTerm(float x, float tau, const GateConstants& c) {
  const float d = max(sub(x, tau), 0.f);
  switch (c.power) {
    case GatePower::Square:
      return mul(d, d);
    case GatePower::Pow:
      return pow(d, c.exponent);
    default:
      return d;
  }
}

/** Σ_f term(x_f, τ), summed in field order from 0. */
template <int kMaxF>
SQLSCORE_HD float termSum(const float (&x)[kMaxF], int fields, float tau, const GateConstants& c) {
  float sum = 0.f;
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) sum = add(sum, gateTerm(x[f], tau, c));
  }
  return sum;
}

/**
 * The gates of one (row, neuron) over its fields, Entmax.gates: on entry x[f] holds the bilinear
 * score s_f (DenseLayer: Σ_k e[f,k] · M[k,n] as fused multiply-adds in k order from 0); on exit
 * x[f] holds gate_f. Softmax for α = 1, else the 50-step bisection of MODELS.md section 3,
 * stopping once the midpoint rounds to τ_lo (every later step would evaluate that same point).
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
  } else {
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) {
        x[f] = mul(mul(x[f], c.scale), c.am1);
        mx = max(mx, x[f]);
      }
    }
    float tauLo = sub(mx, 1.f);
    const float tauHi = sub(mx, c.tauHiOffset);
    const float fLo = sub(termSum<kMaxF>(x, fields, tauLo, c), 1.f);
    float dm = sub(tauHi, tauLo);
    float tauM = tauLo;
    for (int it = 0; it < 50; ++it) {
      dm = div(dm, 2.f);
      tauM = add(tauLo, dm);
      if (tauM == tauLo) break;
      const float fM = sub(termSum<kMaxF>(x, fields, tauM, c), 1.f);
      if (mul(fM, fLo) >= 0.f) tauLo = tauM;
    }
SQLSCORE_UNROLL
    for (int f = 0; f < kMaxF; ++f) {
      if (f < fields) {
        x[f] = gateTerm(x[f], tauM, c);
        sum = add(sum, x[f]);
      }
    }
  }
SQLSCORE_UNROLL
  for (int f = 0; f < kMaxF; ++f) {
    if (f < fields) x[f] = div(x[f], sum);
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
