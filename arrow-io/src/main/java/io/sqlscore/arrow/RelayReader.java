package io.sqlscore.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * An Arrow reader that hands on the batches of another reader without owning it: each batch's
 * buffers are transferred (no copy) into this reader's own root, and closing this reader leaves
 * the source open. Used where a consumer (such as a DuckDB stream view) closes the reader it is
 * given but the source belongs to someone else.
 */
final class RelayReader extends ArrowReader {
  private final ArrowReader source;

  RelayReader(ArrowReader source, BufferAllocator allocator) {
    super(allocator);
    this.source = source;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot from = source.getVectorSchemaRoot();
    VectorSchemaRoot to = getVectorSchemaRoot();
    for (int i = 0; i < from.getFieldVectors().size(); i++) {
      FieldVector target = to.getVector(i);
      TransferPair pair = from.getVector(i).makeTransferPair(target);
      pair.transfer();
    }
    to.setRowCount(from.getRowCount());
    DictionaryRelay.share(source, this);
    return true;
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  protected void closeReadSource() {
    // The source belongs to the caller.
  }

  @Override
  protected Schema readSchema() throws java.io.IOException {
    Schema schema = source.getVectorSchemaRoot().getSchema();
    return new Schema(DictionaryRelay.declared(source), schema.getCustomMetadata());
  }
}
