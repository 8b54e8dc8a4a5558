package io.rtsprecorder.recorder.discovery;

/**
 * What a discovery reports: a camera appeared, changed (its address or Secret), or is gone (the object was deleted
 * or no longer asks to be recorded). One pod registers them with its own device list ({@link DeviceList}); the
 * sharded mode hands them to its Camera resources. Calls come from one thread, in the order things happened.
 */
public interface CameraEvents {

    void appeared(DiscoveredCamera camera);

    void changed(DiscoveredCamera camera);

    void gone(String name);
}
