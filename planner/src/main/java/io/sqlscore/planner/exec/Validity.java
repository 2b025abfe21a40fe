package io.sqlscore.planner.exec;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;

/** Marks runs of Arrow values non-NULL in a validity bitmap, a byte at a time where it can. */
final class Validity {
  private Validity() {}

  /** Sets the validity bits of values {@code [0, count)}. */
  static void setAll(ArrowBuf validity, int count) {
    int wholeBytes = count >>> 3;
    validity.setOne(0, wholeBytes);
    for (int i = wholeBytes << 3; i < count; i++) {
      BitVectorHelper.setBit(validity, i);
    }
  }
}
