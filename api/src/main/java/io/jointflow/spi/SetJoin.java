package io.jointflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link StateStore#addToSetAndJoin}.
 *
 * @param add where the member is, as {@link StateStore#addToSetAndGet} answers
 * @param width the join's width as stored under its width key, or -1 if none is stored yet
 * @param members when the member's position equals {@code width} (it is the join's last arrival),
 *     the set's members from position 0, at most {@code width + 1}, in position order; else empty
 */
public record SetJoin(SetAdd add, long width, List<SetMember> members) {
  public SetJoin {
    Objects.requireNonNull(add, "add");
    members = List.copyOf(members);
  }

  /** Whether this add completed the join. */
  public boolean completed() {
    return width >= 0 && add.position() == width;
  }
}
