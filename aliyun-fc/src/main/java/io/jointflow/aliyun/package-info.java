/**
 * The {@code aliyun-fc} compute backend: Jointflow invocations as asynchronous invocations of
 * Alibaba Cloud Function Compute 3.0 functions, through the FC 3.0 SDK ({@code
 * com.aliyun:fc20230330}). {@link io.jointflow.aliyun.FcBackendProvider} registers it with {@link
 * java.util.ServiceLoader} for clouds whose compute type is {@code aliyun-fc}.
 */
package io.jointflow.aliyun;
