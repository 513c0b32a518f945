/**
 * Federated learning across clouds on Jointflow, after NebulaFL (arXiv 2412.04868) as reconstructed
 * in the project's reference: data centers are clouds, data owners train in rented containers
 * ({@link io.jointflow.fl.TrainFunction}), each data center's aggregator merges arrivals with
 * version control ({@link io.jointflow.fl.AggregateFunction}, invoked by an immediate trigger),
 * data centers exchange models by ring rotation ({@link io.jointflow.fl.ReceiveFunction}), and a
 * reward policy picks owners and container types. Baselines (FedAvg, FedAsync, FedBuff,
 * hierarchical FedAvg) run on the same engine. Entry points: {@link io.jointflow.fl.Federation},
 * {@link io.jointflow.fl.FlConfig}, {@link io.jointflow.fl.FlReport}; models through
 * {@link io.jointflow.fl.Model} ({@link io.jointflow.fl.Mlp} built in); data through
 * {@link io.jointflow.fl.Datasets} and {@link io.jointflow.fl.Partitions}. The attested execution
 * is a software stand-in ({@link io.jointflow.fl.Attestation}), not a hardware TEE. See docs/fl.md.
 */
package io.jointflow.fl;
