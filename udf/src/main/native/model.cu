#include "model.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace sqlscore {

namespace {

constexpr int kDefaultChunkRows = 16384;
constexpr unsigned char kNoBadByte = 0x7f;  // every byte of the "no bad id" marker
constexpr int kNoBad = 0x7f7f7f7f;

int chunkRowsFromEnvironment() {
  const char* env = std::getenv("SQLSCORE_GPU_CHUNK");
  if (env == nullptr) return kDefaultChunkRows;
  const int rows = std::atoi(env);
  return rows >= 256 ? rows : kDefaultChunkRows;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw GpuError(Failure::BadArgument, message);
}

template <typename T>
void copyOut(T* host, const T* device, size_t count, cudaStream_t stream) {
  if (count > 0) SQLSCORE_CUDA(cudaMemcpyAsync(host, device, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
}

template <typename T>
void copyIn(T* device, const T* host, size_t count, cudaStream_t stream) {
  if (count > 0) SQLSCORE_CUDA(cudaMemcpyAsync(device, host, count * sizeof(T), cudaMemcpyHostToDevice, stream));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Slot

Slot::Slot(const Model& model) : model_(model) {
  SQLSCORE_CUDA(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  try {
    gemm_ = std::make_unique<Gemm>(stream_);
  } catch (...) {
    cudaStreamDestroy(stream_);
    throw;
  }
}

Slot::~Slot() {
  cudaStreamSynchronize(stream_);
  gemm_.reset();
  cudaStreamDestroy(stream_);
}

void Slot::reserve(int rows, const Wanted& wanted) {
  const Model& m = model_;
  const size_t F = m.fields_;
  const size_t E = m.emb_;
  if (rows > capacity_) {
    const size_t cap = rows;
    hostIds_.reserve(cap * F);
    hostValues_.reserve(cap * F);
    hostOut_.reserve(2 * cap);
    hostBad_.reserve(1);
    ids_.reserve(cap * F);
    values_.reserve(cap * F);
    out_.reserve(2 * cap);
    bad_.reserve(1);
    const size_t hidden = static_cast<size_t>(m.widestHidden());
    if (m.isArmNet()) {
      firstLayer_.reserve(cap * m.arm_.neurons * E);
      if (m.hasDeep()) deepInput_.reserve(cap * F * E);
      for (auto& t : tmp_) t.reserve(cap * hidden);
    } else {
      const size_t d = static_cast<size_t>(m.widestLayer());
      firstLayer_.reserve(cap * F * E);
      projected_.reserve(cap * F * 4 * d);
      layerOut_[0].reserve(cap * F * d);
      layerOut_[1].reserve(cap * F * d);
      if (m.hasDeep()) {
        tmp_[2].reserve(cap * hidden);
        tmp_[3].reserve(cap * hidden);
      }
    }
    capacity_ = rows;
  }
  const size_t cap = capacity_;
  if (m.isArmNet()) {
    const size_t cells = cap * F * wanted.gateStride;
    if (wanted.gates) {
      gates_.reserve(cells);
      hostGates_.reserve(cells);
    }
    if (wanted.weights) {
      weights_.reserve(cells);
      hostWeights_.reserve(cells);
    }
    if (wanted.order) {
      order_.reserve(cap * m.arm_.neurons);
      hostOrder_.reserve(cap * m.arm_.neurons);
    }
  } else if (wanted.attention) {
    const size_t maps = m.layers_.size() * cap * m.layers_[0]->heads * F * F;
    attention_.reserve(maps);
    hostAttention_.reserve(maps);
  }
}

void Slot::start(int first, int rows, const Wanted& wanted, BatchIo& io) {
  const Model& m = model_;
  reserve(rows, wanted);
  io.readInputs(first, rows, hostIds_.get(), hostValues_.get());
  const size_t cells = static_cast<size_t>(rows) * m.fields_;
  pending_ = true;
  first_ = first;
  rows_ = rows;
  wanted_ = wanted;
  copyIn(ids_.get(), hostIds_.get(), cells, stream_);
  copyIn(values_.get(), hostValues_.get(), cells, stream_);
  SQLSCORE_CUDA(cudaMemsetAsync(bad_.get(), kNoBadByte, sizeof(int), stream_));
  if (m.isArmNet()) {
    enqueueArmNet(rows, wanted);
  } else {
    enqueueAutoInt(rows, wanted);
  }
  copyOut(hostOut_.get(), out_.get(), rows, stream_);
  copyOut(hostOut_.get() + capacity_, out_.get() + capacity_, rows, stream_);
  copyOut(hostBad_.get(), bad_.get(), 1, stream_);
  if (m.isArmNet()) {
    const size_t explained = static_cast<size_t>(rows) * m.fields_ * wanted.gateStride;
    if (wanted.gates) copyOut(hostGates_.get(), gates_.get(), explained, stream_);
    if (wanted.weights) copyOut(hostWeights_.get(), weights_.get(), explained, stream_);
    if (wanted.order) copyOut(hostOrder_.get(), order_.get(), static_cast<size_t>(rows) * m.arm_.neurons, stream_);
  } else if (wanted.attention) {
    const size_t perRow = static_cast<size_t>(m.layers_[0]->heads) * m.fields_ * m.fields_;
    const size_t stride = perRow * capacity_;
    for (size_t l = 0; l < m.layers_.size(); ++l) {
      copyOut(hostAttention_.get() + l * stride, attention_.get() + l * stride, perRow * rows, stream_);
    }
  }
}

int Slot::finish(BatchIo& io) {
  SQLSCORE_CUDA(cudaStreamSynchronize(stream_));
  pending_ = false;
  const Model& m = model_;
  HostOutputs out{};
  out.logits = hostOut_.get();
  out.scores = hostOut_.get() + capacity_;
  out.gateStride = wanted_.gateStride;
  out.gates = wanted_.gates ? hostGates_.get() : nullptr;
  out.weights = wanted_.weights ? hostWeights_.get() : nullptr;
  out.order = wanted_.order ? hostOrder_.get() : nullptr;
  if (!m.isArmNet() && wanted_.attention) {
    out.attention = hostAttention_.get();
    out.attentionStride = static_cast<size_t>(m.layers_[0]->heads) * m.fields_ * m.fields_ * capacity_;
  }
  io.writeOutputs(first_, rows_, out);
  const int bad = *hostBad_.get();
  return bad == kNoBad ? -1 : first_ * m.fields_ + bad;
}

void Slot::abandon() {
  cudaStreamSynchronize(stream_);
  cudaGetLastError();
  pending_ = false;
}

const float* Slot::runBranch(int branch, const float* x, int width, int rows, float* a, float* b, int* ld) {
  const float* in = x;
  int current = width;
  const auto& hidden = model_.branches_[branch].hidden;
  for (size_t i = 0; i < hidden.size(); ++i) {
    const DenseWeights& layer = *hidden[i];
    float* y = i % 2 == 0 ? a : b;
    gemm_->dense(rows, in, current, layer.wt.get(), layer.bias.get(), layer.in, layer.out, true, y, layer.out);
    in = y;
    current = layer.out;
  }
  *ld = current;
  return in;
}

void Slot::enqueueArmNet(int rows, const Wanted& wanted) {
  const Model& m = model_;
  ArmFrontArgs a{};
  a.rows = rows;
  a.fields = m.fields_;
  a.emb = m.emb_;
  a.neurons = m.arm_.neurons;
  a.nfeat = m.nfeat_;
  a.ids = ids_.get();
  a.values = values_.get();
  a.table = m.embedding_.get();
  a.deepTable = m.hasDeep() ? m.deepEmbedding_.get() : nullptr;
  a.scoreMatrix = m.arm_.scoreMatrix.get();
  a.fieldValues = m.arm_.fieldValues.get();
  a.bnScale = m.arm_.bnScale.get();
  a.bnShift = m.arm_.bnShift.get();
  a.gate = m.arm_.gate;
  a.hidden = firstLayer_.get();
  a.deep = m.hasDeep() ? deepInput_.get() : nullptr;
  a.gateStride = wanted.gateStride;
  a.gates = wanted.gates ? gates_.get() : nullptr;
  a.weights = wanted.weights ? weights_.get() : nullptr;
  a.order = wanted.order ? order_.get() : nullptr;
  a.bad = bad_.get();
  launchArmFront(a, stream_);
  int mainLd = 0;
  const float* main =
      runBranch(kMain, firstLayer_.get(), m.arm_.neurons * m.emb_, rows, tmp_[0].get(), tmp_[1].get(), &mainLd);
  int deepLd = 0;
  const float* deep = m.hasDeep() ? runBranch(kDeep, deepInput_.get(), m.fields_ * m.emb_, rows, tmp_[2].get(),
                                              tmp_[3].get(), &deepLd)
                                  : nullptr;
  enqueueHead(rows, main, mainLd, deep, deepLd);
}

void Slot::enqueueAutoInt(int rows, const Wanted& wanted) {
  const Model& m = model_;
  const int F = m.fields_;
  launchEmbed(rows, F, m.emb_, m.nfeat_, ids_.get(), values_.get(), m.embedding_.get(), firstLayer_.get(), bad_.get(),
              stream_);
  const float* x = firstLayer_.get();
  int in = m.emb_;
  const size_t mapStride = static_cast<size_t>(m.layers_[0]->heads) * F * F * capacity_;
  for (size_t l = 0; l < m.layers_.size(); ++l) {
    const InteractingWeights& layer = *m.layers_[l];
    const int width = 4 * layer.d;
    gemm_->dense(rows * F, x, in, layer.projection.wt.get(), layer.projection.bias.get(), in, width, true,
                 projected_.get(), width);
    float* out = layerOut_[l % 2].get();
    launchInteract(rows, F, layer.d, layer.heads, projected_.get(), layer.gamma.get(), layer.beta.get(), out,
                   wanted.attention ? attention_.get() + l * mapStride : nullptr, stream_);
    x = out;
    in = layer.d;
  }
  int deepLd = 0;
  const float* deep = m.hasDeep() ? runBranch(kDeep, firstLayer_.get(), F * m.emb_, rows, tmp_[2].get(),
                                              tmp_[3].get(), &deepLd)
                                  : nullptr;
  enqueueHead(rows, x, F * in, deep, deepLd);
}

void Slot::enqueueHead(int rows, const float* main, int mainLd, const float* deep, int deepLd) {
  const Model& m = model_;
  HeadArgs h{};
  h.rows = rows;
  h.main = main;
  h.mainLd = mainLd;
  h.mainWidth = m.branches_[kMain].headIn;
  h.mainWeight = m.branches_[kMain].headWeight.get();
  h.mainBias = m.branches_[kMain].headBias;
  if (deep != nullptr) {
    h.deep = deep;
    h.deepLd = deepLd;
    h.deepWidth = m.branches_[kDeep].headIn;
    h.deepWeight = m.branches_[kDeep].headWeight.get();
    h.deepBias = m.branches_[kDeep].headBias;
  }
  h.mix = m.mix_;
  h.mixMain = m.mixMain_;
  h.mixDeep = m.mixDeep_;
  h.mixBias = m.mixBias_;
  h.binary = m.binary_;
  h.logits = out_.get();
  h.scores = out_.get() + capacity_;
  launchHead(h, stream_);
}

// ---------------------------------------------------------------------------------------------
// Model

Model::Model(ModelKind kind, int fields, int nfeat, int emb, bool binary)
    : kind_(kind), fields_(fields), nfeat_(nfeat), emb_(emb), binary_(binary), chunkRows_(chunkRowsFromEnvironment()) {
  require(kind >= ModelKind::ArmNet && kind <= ModelKind::AutoIntPlus, "unknown model kind");
  require(nfeat > 0 && emb > 0 && fields > 0, "nfield, nfeat and nemb must be positive");
  if (fields > kMaxFields) {
    throw GpuError(Failure::NotSupported, "the GPU backend supports at most " + std::to_string(kMaxFields) +
                                              " fields; this model has " + std::to_string(fields));
  }
  if (armFrontBytesPerRow(fields, emb) > kSharedLimit) {
    throw GpuError(Failure::NotSupported, "nfield x nemb = " + std::to_string(fields * emb) +
                                              " is too large for the GPU kernels' shared memory");
  }
}

Model::~Model() = default;

void Model::setEmbedding(int branch, const std::vector<float>& table) {
  require(table.size() == static_cast<size_t>(nfeat_) * emb_, "an embedding table must hold nfeat x nemb values");
  DeviceArray<float>& target = branch == kDeep ? deepEmbedding_ : embedding_;
  target.upload(table.data(), table.size());
  weightBytes_ += target.bytes();
}

void Model::setArm(int neurons, GatePower power, float am1, float exponent, float tauHiOffset, float scale,
                   const std::vector<float>& scoreMatrix, const std::vector<float>& fieldValues,
                   const std::vector<double>& bnScale, const std::vector<double>& bnShift) {
  require(isArmNet() && neurons > 0, "ARM parameters need an ARM-Net model and at least one neuron");
  require(power >= GatePower::Identity && power <= GatePower::Softmax, "unknown gate power");
  require(scoreMatrix.size() == static_cast<size_t>(emb_) * neurons, "the score matrix must be nemb x neurons");
  require(fieldValues.size() == static_cast<size_t>(neurons) * fields_, "attn_layer.values must be neurons x nfield");
  require(bnScale.size() == static_cast<size_t>(neurons) && bnShift.size() == bnScale.size(),
          "arm_bn needs one scale and shift per neuron");
  arm_.neurons = neurons;
  arm_.gate.power = power;
  arm_.gate.am1 = am1;
  arm_.gate.exponent = exponent;
  arm_.gate.tauHiOffset = tauHiOffset;
  arm_.gate.scale = scale;
  arm_.scoreMatrix.upload(scoreMatrix.data(), scoreMatrix.size());
  arm_.fieldValues.upload(fieldValues.data(), fieldValues.size());
  arm_.bnScale.upload(bnScale.data(), bnScale.size());
  arm_.bnShift.upload(bnShift.data(), bnShift.size());
  weightBytes_ += arm_.scoreMatrix.bytes() + arm_.fieldValues.bytes() + arm_.bnScale.bytes() + arm_.bnShift.bytes();
  arm_.set = true;
}

void Model::addInteracting(int in, int d, int heads, const std::vector<float>& wt, const std::vector<float>& bias,
                           const std::vector<float>& gamma, const std::vector<float>& beta) {
  require(!isArmNet() && in > 0 && d > 0 && heads > 0 && d % heads == 0,
          "an interacting layer needs an AutoInt model and a width divisible by the heads");
  require(wt.size() == static_cast<size_t>(in) * 4 * d && bias.size() == 4 * static_cast<size_t>(d),
          "an interacting layer's projection must be [in, 4d] with 4d biases");
  require(gamma.size() == static_cast<size_t>(d) && beta.size() == gamma.size(), "LayerNorm needs d parameters");
  if (interactBytesPerRow(fields_, d) > kSharedLimit) {
    throw GpuError(Failure::NotSupported, "an interacting layer of width " + std::to_string(d) + " over " +
                                              std::to_string(fields_) + " fields is too large for the GPU kernels");
  }
  auto layer = std::make_unique<InteractingWeights>();
  layer->in = in;
  layer->d = d;
  layer->heads = heads;
  layer->projection.in = in;
  layer->projection.out = 4 * d;
  layer->projection.wt.upload(wt.data(), wt.size());
  layer->projection.bias.upload(bias.data(), bias.size());
  layer->gamma.upload(gamma.data(), gamma.size());
  layer->beta.upload(beta.data(), beta.size());
  weightBytes_ += layer->projection.wt.bytes() + layer->projection.bias.bytes() + layer->gamma.bytes() +
                  layer->beta.bytes();
  layers_.push_back(std::move(layer));
}

void Model::addDense(int branch, int in, int out, const std::vector<float>& wt, const std::vector<float>& bias) {
  require((branch == kMain || branch == kDeep) && in > 0 && out > 0, "a dense layer needs a branch and sizes");
  require(wt.size() == static_cast<size_t>(in) * out && bias.size() == static_cast<size_t>(out),
          "a dense layer's weight must be [in, out] with out biases");
  auto layer = std::make_unique<DenseWeights>();
  layer->in = in;
  layer->out = out;
  layer->wt.upload(wt.data(), wt.size());
  layer->bias.upload(bias.data(), bias.size());
  weightBytes_ += layer->wt.bytes() + layer->bias.bytes();
  branches_[branch].hidden.push_back(std::move(layer));
}

void Model::setHead(int branch, const std::vector<float>& weight, float bias) {
  require((branch == kMain || branch == kDeep) && !weight.empty(), "a head needs a branch and weights");
  BranchWeights& b = branches_[branch];
  b.headWeight.upload(weight.data(), weight.size());
  b.headIn = static_cast<int>(weight.size());
  b.headBias = bias;
  b.hasHead = true;
  weightBytes_ += b.headWeight.bytes();
}

void Model::setMix(float main, float deep, float bias) {
  mixMain_ = main;
  mixDeep_ = deep;
  mixBias_ = bias;
}

void Model::finish() {
  require(!finished_, "the model was already finished");
  require(embedding_.size() > 0, "the embedding table was not set");
  int mainIn = 0;
  if (isArmNet()) {
    require(arm_.set, "the ARM parameters were not set");
    mainIn = arm_.neurons * emb_;
  } else {
    require(!layers_.empty(), "an AutoInt model needs at least one interacting layer");
    require(branches_[kMain].hidden.empty(), "AutoInt has no hidden layers before attn_fc");
    int in = emb_;
    for (const auto& layer : layers_) {
      require(layer->in == in, "interacting layer input widths do not chain");
      require(layer->heads == layers_[0]->heads, "every interacting layer must have the same heads");
      in = layer->d;
    }
    mainIn = fields_ * in;
  }
  const int deepIn = fields_ * emb_;
  for (int branch : {kMain, kDeep}) {
    if (branch == kDeep && !hasDeep()) {
      require(branches_[kDeep].hidden.empty() && !branches_[kDeep].hasHead, "this model kind has no deep branch");
      continue;
    }
    int width = branch == kMain ? mainIn : deepIn;
    for (const auto& layer : branches_[branch].hidden) {
      require(layer->in == width, "dense layer input widths do not chain");
      width = layer->out;
    }
    require(branches_[branch].hasHead && branches_[branch].headIn == width, "a branch's last Linear does not fit");
  }
  if (kind_ == ModelKind::ArmNetPlus) {
    require(deepEmbedding_.size() > 0, "ARM-Net+ needs its deep embedding table");
    mix_ = Mix::Learned;
  } else if (kind_ == ModelKind::AutoIntPlus) {
    mix_ = Mix::Sum;
  } else {
    mix_ = Mix::Single;
  }
  finished_ = true;
}

int Model::widestHidden() const {
  int widest = 1;
  for (const auto& branch : branches_) {
    for (const auto& layer : branch.hidden) widest = std::max(widest, layer->out);
  }
  return widest;
}

int Model::widestLayer() const {
  int widest = 1;
  for (const auto& layer : layers_) widest = std::max(widest, layer->d);
  return widest;
}

std::unique_ptr<Ticket> Model::submit(int rows, const Wanted& wanted, BatchIo& io) {
  checkWanted(wanted);
  require(rows > 0 && rows <= chunkRows_, "a submitted batch must have 1 to " + std::to_string(chunkRows_) + " rows");
  auto ticket = std::make_unique<Ticket>();
  ticket->slot = slots_.take(*this);
  try {
    ticket->slot->start(0, rows, wanted, io);
  } catch (...) {
    abandon(std::move(ticket));
    throw;
  }
  return ticket;
}

int Model::collect(std::unique_ptr<Ticket> ticket, BatchIo& io) {
  int bad = -1;
  try {
    bad = ticket->slot->finish(io);
  } catch (...) {
    abandon(std::move(ticket));
    throw;
  }
  slots_.give(std::move(ticket->slot));
  return bad;
}

void Model::abandon(std::unique_ptr<Ticket> ticket) {
  if (ticket == nullptr || ticket->slot == nullptr) return;
  if (ticket->slot->pending()) ticket->slot->abandon();
  slots_.give(std::move(ticket->slot));
}

void Model::checkWanted(const Wanted& wanted) const {
  require(finished_, "the model was used before it was finished");
  if (isArmNet() && (wanted.gates || wanted.weights)) {
    require(wanted.gateStride >= arm_.neurons, "the gate stride must be at least the neuron count");
  }
}

int Model::forward(int rows, const Wanted& wanted, BatchIo& io) {
  checkWanted(wanted);
  if (rows <= 0) return -1;
  struct LaneGuard {
    Model& model;
    std::unique_ptr<Lane> lane;
    ~LaneGuard() {
      for (auto& slot : lane->slots) {
        if (slot->pending()) slot->abandon();
      }
      model.lanes_.give(std::move(lane));
    }
  } guard{*this, lanes_.take(*this)};
  const int chunk = std::min(rows, chunkRows_);
  int bad = -1;
  auto merge = [&bad](int found) {
    if (found >= 0 && (bad < 0 || found < bad)) bad = found;
  };
  int index = 0;
  for (int first = 0; first < rows; first += chunk, ++index) {
    Slot& slot = *guard.lane->slots[index % 2];
    if (slot.pending()) merge(slot.finish(io));
    slot.start(first, std::min(chunk, rows - first), wanted, io);
  }
  for (int k = 0; k < 2; ++k) {
    Slot& slot = *guard.lane->slots[(index + k) % 2];
    if (slot.pending()) merge(slot.finish(io));
  }
  return bad;
}

}  // namespace sqlscore
