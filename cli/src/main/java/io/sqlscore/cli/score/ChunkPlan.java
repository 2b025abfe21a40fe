package io.sqlscore.cli.score;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the input into chunks of consecutive positions in the stable order (segment, then row
 * number within it): chunk {@code k} holds positions {@code [k * size, (k + 1) * size)}, so the
 * same input always gives the same chunks. An input without positions has one empty chunk, so
 * that the output still gets its columns.
 */
final class ChunkPlan {
  /**
   * A range of row numbers of one segment.
   *
   * @param segment the segment's index
   * @param from the first row number
   * @param to the row number after the last
   */
  record Range(int segment, long from, long to) {}

  private final List<Segment> segments;
  private final long size;
  private final long positions;

  ChunkPlan(List<Segment> segments, long size) {
    this.segments = List.copyOf(segments);
    this.size = size;
    this.positions = segments.stream().mapToLong(Segment::positions).sum();
  }

  /** The number of chunks, at least one. */
  int chunks() {
    return (int) Math.max(1, (positions + size - 1) / size);
  }

  /** The ranges of chunk {@code chunk}, in order; none for the one chunk of an empty input. */
  List<Range> ranges(int chunk) {
    long start = chunk * size;
    long end = Math.min(positions, start + size);
    List<Range> ranges = new ArrayList<>();
    long offset = 0;
    for (int s = 0; s < segments.size() && offset < end; s++) {
      long length = segments.get(s).positions();
      long from = Math.max(start, offset);
      long to = Math.min(end, offset + length);
      if (from < to) {
        ranges.add(new Range(s, from - offset, to - offset));
      }
      offset += length;
    }
    return ranges;
  }
}
