/**
 * Jointλ's video analytics workload (a modified ORION): split a generated video into chunks,
 * extract grayscale frames and process them per chunk (edges, histogram, motion), fan in, and
 * classify with a model step on the GPU cloud.
 */
package io.jointflow.examples.video;
