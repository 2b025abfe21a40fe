/**
 * The trainable networks: parameters and their initialisation
 * ({@link io.sqlscore.train.nn.Parameters}), train-mode layers with hand-written backward passes
 * (Linear, BatchNorm, MLP, embedding, entmax gates, AutoInt interacting layer), the four model
 * kinds as {@link io.sqlscore.train.nn.Network}s, the losses and Adam.
 *
 * <p>Shapes and tensor names follow MODELS.md; the networks compute what the official PyTorch
 * modules compute in training mode (BatchNorm on batch statistics with running-stat updates,
 * dropout in the MLPs when asked). Internally ARM-Net keeps neurons last (lanes of the Vector
 * API) and permutes its first MLP weight accordingly; parameters are stored in the official
 * layout, so a snapshot is a valid {@code weights.safetensors}.
 */
package io.sqlscore.train.nn;
