package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DynamoDB stand-in's expressions, checked against the rules of DynamoDB's API reference. */
class DynamoExpressionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode item(String json) {
    try {
      return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static JsonNode n(long v) {
    return JSON.createObjectNode().put("N", String.valueOf(v));
  }

  private static JsonNode s(String v) {
    return JSON.createObjectNode().put("S", v);
  }

  @Test
  void conditionsCompareExistAndCombine() {
    ObjectNode it = item("{'pk': {'S': 'a'}, 'ver': {'N': '3'}}");
    Map<String, JsonNode> v = Map.of(":e", n(3), ":lo", n(1), ":hi", n(2));
    assertThat(DynamoExpressions.condition("attribute_not_exists(pk)", Map.of(), v, null)).isTrue();
    assertThat(DynamoExpressions.condition("attribute_not_exists(pk)", Map.of(), v, it)).isFalse();
    assertThat(DynamoExpressions.condition("#v = :e AND attribute_not_exists(#c)", Map.of("#v", "ver", "#c", "cid"), v, it)).isTrue();
    assertThat(DynamoExpressions.condition("attribute_not_exists(#v) OR #v BETWEEN :lo AND :hi", Map.of("#v", "ver"), v, it)).isFalse();
    assertThat(DynamoExpressions.condition("NOT (#v <> :e)", Map.of("#v", "ver"), v, it)).isTrue();
    assertThat(DynamoExpressions.condition("#v = :e", Map.of("#v", "ver"), v, null)).as("absent attributes compare false").isFalse();
  }

  @Test
  void stringsCompareByCodePointAsUtf8BytesDo() {
    assertThat(DynamoExpressions.compareCodePoints("\uFFFD", "\uD83D\uDE00")).isNegative();
    assertThat("\uFFFD".compareTo("\uD83D\uDE00")).as("UTF-16 order differs").isPositive();
    assertThat(DynamoExpressions.condition("begins_with(sk, :p)", Map.of(), Map.of(":p", s("vk/")), item("{'sk': {'S': 'vk/1'}}")))
        .isTrue();
  }

  @Test
  void updatesSetAddAppendAndRemove() {
    ObjectNode it = item("{'pk': {'S': 'a'}, 'n': {'N': '5'}, 'gone': {'S': 'x'}}");
    Map<String, JsonNode> v = Map.of(":d", n(-7), ":e", JSON.createObjectNode().set("L", JSON.createArrayNode()),
        ":i", JSON.createObjectNode().set("L", JSON.createArrayNode().add(s("x"))), ":one", n(1));
    var updated = DynamoExpressions.update("ADD #n :d SET #l = list_append(if_not_exists(#l, :e), :i), c = :one + :one REMOVE gone",
        Map.of("#n", "n", "#l", "l"), v, it);
    assertThat(updated).containsExactly("n", "l", "c", "gone");
    assertThat(it.get("n").get("N").asText()).isEqualTo("-2");
    assertThat(it.get("l").get("L")).hasSize(1);
    assertThat(it.get("c").get("N").asText()).isEqualTo("2");
    assertThat(it.has("gone")).isFalse();
  }

  @Test
  void undefinedPlaceholdersAndBadSyntaxAreValidationErrors() {
    assertThatThrownBy(() -> DynamoExpressions.condition("#x = :y", Map.of(), Map.of(), null))
        .isInstanceOf(DynamoExpressions.Invalid.class).hasMessageContaining("#x");
    assertThatThrownBy(() -> DynamoExpressions.condition("a = :y", Map.of(), Map.of(), null))
        .isInstanceOf(DynamoExpressions.Invalid.class).hasMessageContaining(":y");
    assertThatThrownBy(() -> DynamoExpressions.condition("a = = :y", Map.of(), Map.of(":y", n(1)), null))
        .isInstanceOf(DynamoExpressions.Invalid.class);
    assertThatThrownBy(() -> DynamoTables.checkPlaceholders(item("{'ConditionExpression': 'a = :y', "
        + "'ExpressionAttributeValues': {':y': {'N': '1'}, ':z': {'N': '2'}}}")))
        .hasMessageContaining("\"message\":\"Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}\"");
    assertThatThrownBy(() -> DynamoTables.checkPlaceholders(item("{'ConditionExpression': 'a = b', 'ExpressionAttributeNames': {}}")))
        .hasMessageContaining("\"message\":\"ExpressionAttributeNames must not be empty\"");
  }
}
