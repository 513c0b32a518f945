/**
 * Jointflow on AWS Lambda: {@link io.jointflow.lambda.LambdaBackend}, the {@code aws-lambda}
 * compute backend that invokes functions asynchronously (Lambda's {@code Invoke} with {@code
 * InvocationType=Event}, the envelope as JSON), and {@link
 * io.jointflow.lambda.JointflowLambdaHandler}, the entry point that runs a Jointflow function
 * inside Lambda: it unwraps the envelope, runs the step (checkpoint, triggers) and invokes the
 * successors through the backends before it returns. See {@code docs/lambda.md}.
 */
package io.jointflow.lambda;
