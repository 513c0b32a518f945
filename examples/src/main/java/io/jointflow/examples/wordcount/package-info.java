/**
 * MapReduce word count: {@code split} cuts a text into chunks, a {@code map} per chunk counts and
 * partitions the words by hash, a {@code dynamic-group} shuffle starts one {@code reduce} per
 * partition once every mapper has emitted its control key, and a {@code by-batch-size} trigger
 * gathers the reducers' counts for {@code report}, which returns the most frequent words. Definition:
 * {@code examples/wordcount.yaml}.
 */
package io.jointflow.examples.wordcount;
