#include "cublas_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace sqlscore {

namespace {

struct Loaded {
  CublasApi api{};
  bool ok = false;
  std::string description;
};

template <typename F>
bool resolve(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  return *out != nullptr;
}

std::string directoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

bool tryOpen(const std::string& file, Loaded& loaded, std::string& errors) {
  std::string dir = directoryOf(file);
  if (!dir.empty()) {
    // cuBLAS needs cuBLASLt from its own directory, which is rarely on the search path.
    for (const char* lt : {"libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so"}) {
      if (dlopen((dir + lt).c_str(), RTLD_NOW | RTLD_GLOBAL) != nullptr) break;
    }
  }
  void* lib = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    errors += (errors.empty() ? "" : "; ") + std::string(why == nullptr ? file.c_str() : why);
    return false;
  }
  CublasApi& api = loaded.api;
  if (!resolve(lib, "cublasCreate_v2", &api.create) || !resolve(lib, "cublasDestroy_v2", &api.destroy) ||
      !resolve(lib, "cublasSetStream_v2", &api.setStream) || !resolve(lib, "cublasSetMathMode", &api.setMathMode) ||
      !resolve(lib, "cublasSgemm_v2", &api.sgemm)) {
    errors += (errors.empty() ? "" : "; ") + file + " lacks a cuBLAS entry point";
    dlclose(lib);
    return false;
  }
  loaded.ok = true;
  loaded.description = "cuBLAS (" + file + ")";
  return true;
}

Loaded load() {
  Loaded loaded;
  const char* env = std::getenv("SQLSCORE_CUBLAS");
  std::string errors;
  if (env != nullptr && std::string(env) == "off") {
    loaded.description = "own SGEMM kernels (SQLSCORE_CUBLAS=off)";
    return loaded;
  }
  std::vector<std::string> candidates;
  if (env != nullptr && *env != '\0') {
    candidates.push_back(env);
  } else {
    candidates = {"libcublas.so.13", "libcublas.so.12", "libcublas.so"};
  }
  for (const std::string& file : candidates) {
    if (tryOpen(file, loaded, errors)) return loaded;
  }
  loaded.description = "own SGEMM kernels (cuBLAS not found: " + errors + ")";
  return loaded;
}

const Loaded& loadedOnce() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  return loaded;
}

}  // namespace

const CublasApi* cublas() {
  const Loaded& loaded = loadedOnce();
  return loaded.ok ? &loaded.api : nullptr;
}

std::string gemmDescription() { return loadedOnce().description; }

}  // namespace sqlscore
