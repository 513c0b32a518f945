package io.jointflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link StateStore#addToSetAndReadBatch}.
 *
 * @param add where the member is, as {@link StateStore#addToSetAndGet} answers
 * @param batch the members of the batch this member's position completes, in position order, or
 *     empty if its position completes none
 */
public record SetBatch(SetAdd add, List<SetMember> batch) {
  public SetBatch {
    Objects.requireNonNull(add, "add");
    batch = List.copyOf(batch);
  }
}
