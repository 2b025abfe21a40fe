// The JNI surface of io.sqlscore.udf.gpu.NativeGpu: every entry point catches native failures
// and rethrows them as io.sqlscore.error.SqlscoreException with a matching ErrorCode.
#include <jni.h>

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

/** Runs {@code body} on the library's device, turning C++ failures into Java exceptions. */
template <typename T, typename Body>
T guarded(JNIEnv* env, T fallback, Body body) {
  try {
    SQLSCORE_CUDA(cudaSetDevice(sqlscore::kDevice));
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

/** Reads a batch from Java arrays and writes the results back into Java arrays. */
class JavaArrays : public sqlscore::BatchIo {
 public:
  JavaArrays(JNIEnv* env, const Model& model, jintArray ids, jfloatArray values, jdoubleArray logits,
             jdoubleArray scores, jfloatArray gates, jfloatArray weights, jintArray order, jobjectArray attention)
      : env_(env),
        fields_(model.fields()),
        neurons_(model.neurons()),
        mapsPerRow_(model.attentionHeads() * model.fields() * model.fields()),
        layers_(model.attentionLayers()),
        ids_(ids),
        values_(values),
        logits_(logits),
        scores_(scores),
        gates_(gates),
        weights_(weights),
        order_(order),
        attention_(attention) {}

  void readInputs(int first, int rows, int* ids, float* values) override {
    env_->GetIntArrayRegion(ids_, first * fields_, rows * fields_, ids);
    pendingCheck(env_);
    env_->GetFloatArrayRegion(values_, first * fields_, rows * fields_, values);
    pendingCheck(env_);
  }

  void writeOutputs(int first, int rows, const sqlscore::HostOutputs& out) override {
    env_->SetDoubleArrayRegion(logits_, first, rows, out.logits);
    env_->SetDoubleArrayRegion(scores_, first, rows, out.scores);
    const int cells = neurons_ * fields_;
    if (gates_ != nullptr) env_->SetFloatArrayRegion(gates_, first * cells, rows * cells, out.gates);
    if (weights_ != nullptr) env_->SetFloatArrayRegion(weights_, first * cells, rows * cells, out.weights);
    if (order_ != nullptr) env_->SetIntArrayRegion(order_, first * neurons_, rows * neurons_, out.order);
    pendingCheck(env_);
    if (attention_ != nullptr) {
      for (int l = 0; l < layers_; ++l) {
        auto layer = static_cast<jfloatArray>(env_->GetObjectArrayElement(attention_, l));
        pendingCheck(env_);
        env_->SetFloatArrayRegion(layer, first * mapsPerRow_, rows * mapsPerRow_, out.attention + l * out.attentionStride);
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
  jintArray ids_;
  jfloatArray values_;
  jdoubleArray logits_;
  jdoubleArray scores_;
  jfloatArray gates_;
  jfloatArray weights_;
  jintArray order_;
  jobjectArray attention_;
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
                                                                  jfloatArray gates, jfloatArray weights,
                                                                  jintArray order, jobjectArray attention) {
  return guarded<jint>(env, -1, [&] {
    Model* m = model(handle);
    sqlscore::Wanted wanted;
    wanted.gates = gates != nullptr;
    wanted.weights = weights != nullptr;
    wanted.order = order != nullptr;
    wanted.attention = attention != nullptr;
    JavaArrays io(env, *m, ids, values, logits, scores, gates, weights, order, attention);
    return static_cast<jint>(m->forward(rows, wanted, io));
  });
}

JNIEXPORT void JNICALL Java_io_sqlscore_udf_gpu_NativeGpu_destroy(JNIEnv* env, jclass, jlong handle) {
  guarded<int>(env, 0, [&] {
    delete model(handle);
    return 0;
  });
}

}  // extern "C"
