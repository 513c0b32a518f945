package io.jointflow.fl;

/**
 * One data owner's data in one container type (the reference's {@code c = (o, k)}).
 *
 * @param owner the owner's index in the federation
 * @param type the container type
 */
public record Container(int owner, ContainerType type) implements java.io.Serializable {}
