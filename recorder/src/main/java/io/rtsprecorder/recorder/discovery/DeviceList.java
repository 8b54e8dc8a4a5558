package io.rtsprecorder.recorder.discovery;

import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.model.CameraDefinition;

/**
 * One pod's use of discovered cameras: each joins the device list with origin {@code shifu} and records (its
 * password read from its Secret when it connects); a changed one is replaced (its file closed first); a gone one is
 * stopped, its file closed and kept, and it leaves the list.
 */
public final class DeviceList implements CameraEvents {

    private final DeviceManager devices;

    public DeviceList(DeviceManager devices) {
        this.devices = devices;
    }

    @Override
    public void appeared(DiscoveredCamera camera) {
        devices.discovered(definition(camera));
    }

    @Override
    public void changed(DiscoveredCamera camera) {
        devices.discovered(definition(camera));
    }

    @Override
    public void gone(String name) {
        devices.undiscovered(name);
    }

    private static CameraDefinition definition(DiscoveredCamera c) {
        return new CameraDefinition(c.name(), c.url(), null, c.secretName(), true, CameraDefinition.Origin.SHIFU);
    }
}
