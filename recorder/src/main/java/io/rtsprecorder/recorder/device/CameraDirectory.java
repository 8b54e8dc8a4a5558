package io.rtsprecorder.recorder.device;

import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import java.util.function.UnaryOperator;

/**
 * Where the camera list lives when it is not this service's alone: in sharded mode, {@code Camera} resources in
 * the Kubernetes API. The API's register, unregister, switch and TLS changes are written there; the replica that
 * owns a camera picks the change up from there, so they are answered before any replica acts on them. Each method
 * returns the camera's definition as stored after the change, and throws {@link DeviceException} (not found,
 * conflict, invalid, storage) when it cannot be made.
 */
public interface CameraDirectory {

    CameraDefinition create(CameraDefinition camera);

    CameraDefinition delete(String name);

    CameraDefinition setRecording(String name, boolean on);

    CameraDefinition redefine(String name, UnaryOperator<CameraSecurity> change);
}
