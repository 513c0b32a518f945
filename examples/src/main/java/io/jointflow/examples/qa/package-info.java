/**
 * Jointλ's question answering workload: document sort ranks a corpus's paragraphs per question, one
 * inference per question runs on the GPU cloud, and the answers are collected.
 */
package io.jointflow.examples.qa;
