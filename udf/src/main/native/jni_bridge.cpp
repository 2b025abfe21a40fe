// The JNI surface of io.sqlscore.udf.gpu.NativeGpu: every entry point catches native failures
// and rethrows them as io.sqlscore.error.SqlscoreException with a matching ErrorCode.
#include <jni.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "cublas_loader.h"
#include "model.h"

namespace {

using sqlscore::Failure;
using sqlscore::GpuError;
using sqlscore::Model;

/** A Java exception is already pending: unwind to the entry point and let Java see it. */
struct JavaPending {};

const char* errorCode(Failure failure) {
  switch (failure) {
    case Failure::Unavailable:
      return "GPU_UNAVAILABLE";
    case Failure::OutOfMemory:
      return "OUT_OF_MEMORY";
    case Failure::NotSupported:
      return "NOT_SUPPORTED";
    case Failure::BadArgument:
      return "INVALID_ARGUMENT";
    default:
      return "INTERNAL_ERROR";
  }
}

void throwSqlscore(JNIEnv* env, const char* code, const std::string& message) {
  if (env->ExceptionCheck()) return;
  jclass codes = env->FindClass("io/sqlscore/error/ErrorCode");
  if (codes == nullptr) return;
  jfieldID field = env->GetStaticFieldID(codes, code, "Lio/sqlscore/error/ErrorCode;");
  if (field == nullptr) return;
  jobject value = env->GetStaticObjectField(codes, field);
  jclass type = env->FindClass("io/sqlscore/error/SqlscoreException");
  if (type == nullptr) return;
  jmethodID constructor = env->GetMethodID(type, "<init>", "(Lio/sqlscore/error/ErrorCode;Ljava/lang/String;)V");
  if (constructor == nullptr) return;
  jstring text = env->NewStringUTF(("GPU: " + message).c_str());
  if (text == nullptr) return;
  jobject error = env->NewObject(type, constructor, value, text);
  if (error != nullptr) env->Throw(static_cast<jthrowable>(error));
}

/** Runs {@code body}, turning C++ failures into Java exceptions. */
template <typename T, typename Body>
T caught(JNIEnv* env, T fallback, Body body) {
  try {
    return body();
  } catch (const JavaPending&) {
    return fallback;
  } catch (const GpuError& e) {
    throwSqlscore(env, errorCode(e.kind()), e.what());
  } catch (const std::bad_alloc&) {
    throwSqlscore(env, "OUT_OF_MEMORY", "host memory ran out");
  } catch (const std::exception& e) {
    throwSqlscore(env, "INTERNAL_ERROR", e.what());
  }
  return fallback;
}

/** Runs {@code body} on the library's device, turning C++ failures into Java exceptions. */
template <typename T, typename Body>
T guarded(JNIEnv* env, T fallback, Body body) {
  return caught<T>(env, fallback, [&] {
    SQLSCORE_CUDA(cudaSetDevice(sqlscore::kDevice));
    return body();
  });
}

void pendingCheck(JNIEnv* env) {
  if (env->ExceptionCheck()) throw JavaPending{};
}

Model* model(jlong handle) {
  if (handle == 0) throw GpuError(Failure::Internal, "the model was closed");
  return reinterpret_cast<Model*>(handle);
}

std::vector<float> floats(JNIEnv* env, jfloatArray array) {
  if (array == nullptr) throw GpuError(Failure::BadArgument, "a weight array is missing");
  std::vector<float> out(env->GetArrayLength(array));
  env->GetFloatArrayRegion(array, 0, static_cast<jsize>(out.size()), out.data());
  pendingCheck(env);
  return out;
}

std::vector<double> doubles(JNIEnv* env, jdoubleArray array) {
  if (array == nullptr) throw GpuError(Failure::BadArgument, "a weight array is missing");
  std::vector<double> out(env->GetArrayLength(array));
  env->GetDoubleArrayRegion(array, 0, static_cast<jsize>(out.size()), out.data());
  pendingCheck(env);
  return out;
}

/** The Java arrays one call reads its rows from or writes its results into; null where a call has none. */
struct JavaBatch {
  jintArray ids = nullptr;
  jfloatArray values = nullptr;
  jdoubleArray logits = nullptr;
  jdoubleArray scores = nullptr;
  jfloatArray gates = nullptr;
  jfloatArray weights = nullptr;
  jintArray order = nullptr;
  jobjectArray attention = nullptr;

  /** The optional outputs these arrays ask for. */
  sqlscore::Wanted wanted(jint gateStride) const {
    sqlscore::Wanted w;
    w.gates = gates != nullptr;
    w.weights = weights != nullptr;
    w.order = order != nullptr;
    w.attention = attention != nullptr;
    w.gateStride = gateStride;
    return w;
  }
};

/** jsize of an array offset or length, which the Java side has checked to fit. */
jsize arrayIndex(int64_t value) {
  if (value < 0 || value > INT32_MAX) throw GpuError(Failure::BadArgument, "an array index is out of range");
  return static_cast<jsize>(value);
}

/** Reads a batch from Java arrays and writes the results back into Java arrays. */
class JavaArrays : public sqlscore::BatchIo {
 public:
  JavaArrays(JNIEnv* env, const Model& model, const JavaBatch& arrays)
      : env_(env),
        fields_(model.fields()),
        neurons_(model.neurons()),
        mapsPerRow_(model.attentionHeads() * model.fields() * model.fields()),
        layers_(model.attentionLayers()),
        a_(arrays) {}

  void readInputs(int first, int rows, int* ids, float* values) override {
    if (a_.ids == nullptr || a_.values == nullptr) throw GpuError(Failure::BadArgument, "the rows are missing");
    const int64_t at = static_cast<int64_t>(first) * fields_;
    const int64_t count = static_cast<int64_t>(rows) * fields_;
    env_->GetIntArrayRegion(a_.ids, arrayIndex(at), arrayIndex(count), ids);
    pendingCheck(env_);
    env_->GetFloatArrayRegion(a_.values, arrayIndex(at), arrayIndex(count), values);
    pendingCheck(env_);
  }

  void writeOutputs(int first, int rows, const sqlscore::HostOutputs& out) override {
    if (a_.logits == nullptr || a_.scores == nullptr) throw GpuError(Failure::BadArgument, "the logits are missing");
    env_->SetDoubleArrayRegion(a_.logits, first, rows, out.logits);
    env_->SetDoubleArrayRegion(a_.scores, first, rows, out.scores);
    const int64_t cells = static_cast<int64_t>(out.gateStride) * fields_;
    if (a_.gates != nullptr) {
      env_->SetFloatArrayRegion(a_.gates, arrayIndex(first * cells), arrayIndex(rows * cells), out.gates);
    }
    if (a_.weights != nullptr) {
      env_->SetFloatArrayRegion(a_.weights, arrayIndex(first * cells), arrayIndex(rows * cells), out.weights);
    }
    if (a_.order != nullptr) {
      env_->SetIntArrayRegion(a_.order, arrayIndex(static_cast<int64_t>(first) * neurons_),
                              arrayIndex(static_cast<int64_t>(rows) * neurons_), out.order);
    }
    pendingCheck(env_);
    if (a_.attention != nullptr) {
      for (int l = 0; l < layers_; ++l) {
        auto layer = static_cast<jfloatArray>(env_->GetObjectArrayElement(a_.attention, l));
        pendingCheck(env_);
        env_->SetFloatArrayRegion(layer, arrayIndex(static_cast<int64_t>(first) * mapsPerRow_),
                                  arrayIndex(static_cast<int64_t>(rows) * mapsPerRow_),
                                  out.attention + l * out.attentionStride);
        env_->DeleteLocalRef(layer);
        pendingCheck(env_);
      }
    }
  }

 private:
  JNIEnv* env_;
  int fields_;
  int neurons_;
  int mapsPerRow_;
  int layers_;
  JavaBatch a_;
};

std::string describeDevice() {
  cudaDeviceProp prop{};
  sqlscore::check(cudaGetDeviceProperties(&prop, sqlscore::kDevice), "cudaGetDeviceProperties");
  return std::string(prop.name) + " (compute capability " + std::to_string(prop.major) + "." +
         std::to_string(prop.minor) + ", " + std::to_string(prop.totalGlobalMem >> 20) + " MiB, " +
         std::to_string(prop.multiProcessorCount) + " SMs)";
}

}  // namespace

extern "C" {

JNIEXPORT jstring JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_probe(JNIEnv* env, jclass) {
  std::string reason;
  int count = 0;
  cudaError_t status = cudaGetDeviceCount(&count);
  if (status == cudaErrorNoDevice || (status == cudaSuccess && count == 0)) {
    reason = "no CUDA device";
  } else if (status != cudaSuccess) {
    reason = std::string("no CUDA driver: ") + cudaGetErrorName(status) + ": " + cudaGetErrorString(status);
  } else {
    cudaDeviceProp prop{};
    status = cudaGetDeviceProperties(&prop, sqlscore::kDevice);
    if (status != cudaSuccess) {
      reason = std::string("the CUDA device could not be queried: ") + cudaGetErrorString(status);
    } else if (prop.major < 8) {
      reason = std::string("the GPU ") + prop.name + " has compute capability " + std::to_string(prop.major) + "." +
               std::to_string(prop.minor) + "; this build needs 8.0 or newer";
    } else if ((status = cudaSetDevice(sqlscore::kDevice)) != cudaSuccess || (status = cudaFree(nullptr)) != cudaSuccess) {
      reason = std::string("CUDA could not start on ") + prop.name + ": " + cudaGetErrorString(status);
    }
  }
  cudaGetLastError();
  return env->NewStringUTF(reason.c_str());
}

JNIEXPORT jstring JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_deviceName(JNIEnv* env, jclass) {
  return guarded<jstring>(env, nullptr, [&] { return env->NewStringUTF(describeDevice().c_str()); });
}

JNIEXPORT jstring JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_gemmPath(JNIEnv* env, jclass) {
  return env->NewStringUTF(sqlscore::gemmDescription().c_str());
}

JNIEXPORT jlong JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_create(JNIEnv* env, jclass, jint kind, jint fields,
                                                                  jint nfeat, jint emb, jboolean binary) {
  return guarded<jlong>(env, 0, [&] {
    auto* m = new Model(static_cast<sqlscore::ModelKind>(kind), fields, nfeat, emb, binary == JNI_TRUE);
    return reinterpret_cast<jlong>(m);
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_setEmbedding(JNIEnv* env, jclass, jlong handle,
                                                                       jint branch, jfloatArray table) {
  guarded<int>(env, 0, [&] {
    model(handle)->setEmbedding(branch, floats(env, table));
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_setArm(JNIEnv* env, jclass, jlong handle, jint neurons,
                                                                 jint power, jfloat am1, jfloat exponent,
                                                                 jfloat tauHiOffset, jfloat scale,
                                                                 jfloatArray scoreMatrix, jfloatArray fieldValues,
                                                                 jdoubleArray bnScale, jdoubleArray bnShift) {
  guarded<int>(env, 0, [&] {
    model(handle)->setArm(neurons, static_cast<sqlscore::GatePower>(power), am1, exponent, tauHiOffset, scale,
                          floats(env, scoreMatrix), floats(env, fieldValues), doubles(env, bnScale),
                          doubles(env, bnShift));
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_addInteracting(JNIEnv* env, jclass, jlong handle, jint in,
                                                                         jint d, jint heads, jfloatArray wt,
                                                                         jfloatArray bias, jfloatArray gamma,
                                                                         jfloatArray beta) {
  guarded<int>(env, 0, [&] {
    model(handle)->addInteracting(in, d, heads, floats(env, wt), floats(env, bias), floats(env, gamma),
                                  floats(env, beta));
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_addDense(JNIEnv* env, jclass, jlong handle, jint branch,
                                                                   jint in, jint out, jfloatArray wt,
                                                                   jfloatArray bias) {
  guarded<int>(env, 0, [&] {
    model(handle)->addDense(branch, in, out, floats(env, wt), floats(env, bias));
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_setHead(JNIEnv* env, jclass, jlong handle, jint branch,
                                                                  jfloatArray weight, jfloat bias) {
  guarded<int>(env, 0, [&] {
    model(handle)->setHead(branch, floats(env, weight), bias);
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_setMix(JNIEnv* env, jclass, jlong handle, jfloat main,
                                                                 jfloat deep, jfloat bias) {
  guarded<int>(env, 0, [&] {
    model(handle)->setMix(main, deep, bias);
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_finish(JNIEnv* env, jclass, jlong handle) {
  guarded<int>(env, 0, [&] {
    model(handle)->finish();
    return 0;
  });
}

JNIEXPORT jlong JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_memoryBytes(JNIEnv* env, jclass, jlong handle) {
  return guarded<jlong>(env, 0, [&] { return static_cast<jlong>(model(handle)->weightBytes()); });
}

JNIEXPORT jint JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_forward(JNIEnv* env, jclass, jlong handle, jint rows,
                                                                  jintArray ids, jfloatArray values,
                                                                  jdoubleArray logits, jdoubleArray scores,
                                                                  jint gateStride, jfloatArray gates,
                                                                  jfloatArray weights, jintArray order,
                                                                  jobjectArray attention) {
  return guarded<jint>(env, -1, [&] {
    Model* m = model(handle);
    JavaBatch arrays{ids, values, logits, scores, gates, weights, order, attention};
    JavaArrays io(env, *m, arrays);
    return static_cast<jint>(m->forward(rows, arrays.wanted(gateStride), io));
  });
}

JNIEXPORT jint JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_chunkRows(JNIEnv* env, jclass, jlong handle) {
  return guarded<jint>(env, 0, [&] { return static_cast<jint>(model(handle)->chunkRows()); });
}

JNIEXPORT jlong JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_submit(JNIEnv* env, jclass, jlong handle, jint rows,
                                                                  jintArray ids, jfloatArray values, jint gateStride,
                                                                  jboolean gates, jboolean weights, jboolean order,
                                                                  jboolean attention) {
  return guarded<jlong>(env, 0, [&] {
    Model* m = model(handle);
    JavaBatch arrays{ids, values};
    JavaArrays io(env, *m, arrays);
    sqlscore::Wanted wanted;
    wanted.gates = gates == JNI_TRUE;
    wanted.weights = weights == JNI_TRUE;
    wanted.order = order == JNI_TRUE;
    wanted.attention = attention == JNI_TRUE;
    wanted.gateStride = gateStride;
    return reinterpret_cast<jlong>(m->submit(rows, wanted, io).release());
  });
}

JNIEXPORT jint JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_collect(JNIEnv* env, jclass, jlong handle, jlong ticket,
                                                                  jdoubleArray logits, jdoubleArray scores,
                                                                  jfloatArray gates, jfloatArray weights,
                                                                  jintArray order, jobjectArray attention) {
  std::unique_ptr<sqlscore::Ticket> owned(reinterpret_cast<sqlscore::Ticket*>(ticket));
  return guarded<jint>(env, -1, [&] {
    if (owned == nullptr) throw GpuError(Failure::Internal, "no submitted batch to collect");
    Model* m = model(handle);
    JavaBatch arrays{nullptr, nullptr, logits, scores, gates, weights, order, attention};
    JavaArrays io(env, *m, arrays);
    return static_cast<jint>(m->collect(std::move(owned), io));
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_abandon(JNIEnv* env, jclass, jlong handle, jlong ticket) {
  std::unique_ptr<sqlscore::Ticket> owned(reinterpret_cast<sqlscore::Ticket*>(ticket));
  guarded<int>(env, 0, [&] {
    model(handle)->abandon(std::move(owned));
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_armNeuronsOnHost(
    JNIEnv* env, jclass, jint rows, jint fields, jint emb, jint neurons, jint power, jfloat am1, jfloat exponent,
    jfloat tauHiOffset, jfloat scale, jintArray ids, jfloatArray values, jfloatArray table, jfloatArray scoreMatrix,
    jfloatArray fieldValues, jdoubleArray bnScale, jdoubleArray bnShift, jfloatArray gates, jfloatArray weights,
    jfloatArray hidden) {
  caught<int>(env, 0, [&] {
    if (fields < 1 || fields > sqlscore::kMaxFields || emb < 1 || neurons < 1 || rows < 0) {
      throw GpuError(Failure::BadArgument, "ARM-Net sizes out of range");
    }
    const size_t cells = static_cast<size_t>(rows) * fields;
    std::vector<jint> rowIds(cells);
    env->GetIntArrayRegion(ids, 0, arrayIndex(static_cast<int64_t>(cells)), rowIds.data());
    pendingCheck(env);
    const std::vector<float> rowValues = floats(env, values);
    const std::vector<float> embeddings = floats(env, table);
    const std::vector<float> matrix = floats(env, scoreMatrix);
    const std::vector<float> byField = floats(env, fieldValues);
    const std::vector<double> bnScales = doubles(env, bnScale);
    const std::vector<double> bnShifts = doubles(env, bnShift);
    const size_t nfeat = embeddings.size() / emb;
    if (rowValues.size() != cells || matrix.size() != static_cast<size_t>(emb) * neurons ||
        byField.size() != static_cast<size_t>(neurons) * fields || bnScales.size() != static_cast<size_t>(neurons) ||
        bnShifts.size() != bnScales.size()) {
      throw GpuError(Failure::BadArgument, "ARM-Net array sizes do not fit");
    }
    sqlscore::exact::GateConstants gate{static_cast<sqlscore::GatePower>(power), scale, am1, exponent, tauHiOffset};
    std::vector<float> e(static_cast<size_t>(fields) * emb);
    std::vector<float> outGates(cells * neurons);
    std::vector<float> outWeights(cells * neurons);
    std::vector<float> outHidden(static_cast<size_t>(rows) * neurons * emb);
    for (int r = 0; r < rows; ++r) {
      for (int f = 0; f < fields; ++f) {
        const size_t cell = static_cast<size_t>(r) * fields + f;
        if (rowIds[cell] < 0 || static_cast<size_t>(rowIds[cell]) >= nfeat) {
          throw GpuError(Failure::BadArgument, "a feature id is out of range");
        }
        const float v = sqlscore::exact::clampValue(rowValues[cell]);
        for (int j = 0; j < emb; ++j) {
          e[static_cast<size_t>(f) * emb + j] = sqlscore::exact::mul(embeddings[rowIds[cell] * static_cast<size_t>(emb) + j], v);
        }
      }
      for (int n = 0; n < neurons; ++n) {
        sqlscore::exact::NeuronIo io{};
        io.e = e.data();
        io.scoreMatrix = matrix.data();
        io.fieldValues = byField.data();
        io.bnScale = bnScales[n];
        io.bnShift = bnShifts[n];
        io.gates = outGates.data() + static_cast<size_t>(r) * fields * neurons;
        io.weights = outWeights.data() + static_cast<size_t>(r) * fields * neurons;
        io.stride = neurons;
        io.hidden = outHidden.data() + (static_cast<size_t>(r) * neurons + n) * emb;
        sqlscore::exact::armNeuron<sqlscore::kMaxFields>(fields, emb, neurons, n, gate, io);
      }
    }
    env->SetFloatArrayRegion(gates, 0, arrayIndex(static_cast<int64_t>(outGates.size())), outGates.data());
    env->SetFloatArrayRegion(weights, 0, arrayIndex(static_cast<int64_t>(outWeights.size())), outWeights.data());
    env->SetFloatArrayRegion(hidden, 0, arrayIndex(static_cast<int64_t>(outHidden.size())), outHidden.data());
    pendingCheck(env);
    return 0;
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_destroy(JNIEnv* env, jclass, jlong handle) {
  guarded<int>(env, 0, [&] {
    delete model(handle);
    return 0;
  });
}

}  // extern "C"
