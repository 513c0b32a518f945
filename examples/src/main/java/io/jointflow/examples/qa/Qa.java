package io.jointflow.examples.qa;

import java.util.List;

/** The values the question answering workload passes between its functions and returns. */
public final class Qa {
  private Qa() {}

  /** The questions a run asks, the first {@code n} of them (repeated with a number past eight). */
  static final List<String> QUESTIONS = List.of(
      "What did the president say about the blockade of the ports?",
      "How much did the public debt increase?",
      "What is said about the emancipation of slaves?",
      "What happened with the Indian tribes?",
      "How many vessels and men are in the navy?",
      "What about the Pacific railroad and the telegraph?",
      "What did Congress do about national banking and the currency?",
      "What was said about relations with Great Britain?");

  /**
   * One question with the passages document sort ranked highest for it.
   *
   * @param index the question's number
   * @param question its text
   * @param passages the best paragraphs of the corpus, best first
   */
  public record Pair(int index, String question, List<String> passages) {}

  /**
   * The inference step's answer to one question.
   *
   * @param index the question's number
   * @param question its text
   * @param answer the best sentence of the passages
   * @param score its relevance score
   * @param confidence softmax of the scores of all candidate sentences, for this one
   */
  public record Answer(int index, String question, String answer, double score, double confidence) {}

  /** Every answer, in question order. */
  public record Answers(List<Answer> answers) {}
}
