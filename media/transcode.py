"""Turn any accepted upload into an H.264/AAC MP4 with faststart, and cut a poster frame."""

from pathlib import Path

import av

from media.probe import Probe

MAX_HEIGHT = 720


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def to_mp4(source: Path | str, target: Path | str, info: Probe) -> str:
    """Remux when the streams are already H.264/AAC; otherwise transcode. Returns which."""
    if info.playable_as_is:
        _remux(source, target)
        return "remux"
    _transcode(source, target, info)
    return "transcode"


def _remux(source, target) -> None:
    with (
        av.open(str(source)) as inp,
        av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"}) as out,
    ):
        streams = [s for s in (inp.streams.video[:1] + inp.streams.audio[:1])]
        mapping = {s: out.add_stream_from_template(s) for s in streams}
        for packet in inp.demux(streams):
            if packet.dts is None:
                continue
            packet.stream = mapping[packet.stream]
            out.mux(packet)


def _transcode(source, target, info: Probe) -> None:
    scale = min(1.0, MAX_HEIGHT / info.height) if info.height else 1.0
    width, height = _even(info.width * scale), _even(info.height * scale)
    with (
        av.open(str(source)) as inp,
        av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"}) as out,
    ):
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if inp.streams.audio else None
        vout = out.add_stream("libx264", rate=30)
        vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
        vout.options = {"preset": "veryfast", "crf": "23"}
        vout.codec_context.time_base = vin.time_base
        aout = out.add_stream("aac", rate=48000, layout="stereo") if ain else None
        if aout is not None:
            aout.bit_rate = 128_000
        last_pts = None
        for packet in inp.demux([s for s in (vin, ain) if s is not None]):
            for frame in packet.decode():
                if packet.stream.type == "video":
                    # Recorders emit variable frame rates and the odd repeated timestamp.
                    if frame.pts is None or (last_pts is not None and frame.pts <= last_pts):
                        continue
                    last_pts = frame.pts
                    frame = frame.reformat(width=width, height=height, format="yuv420p")
                    out.mux(vout.encode(frame))
                elif aout is not None:
                    frame.pts = None
                    out.mux(aout.encode(frame))
        out.mux(vout.encode(None))
        if aout is not None:
            out.mux(aout.encode(None))


def poster(source: Path | str, target: Path | str, at_seconds: float = 1.0) -> None:
    """A JPEG of the first frame at or after `at_seconds` (or the first frame of a short clip)."""
    with av.open(str(source)) as container:
        video = container.streams.video[0]
        chosen = None
        for frame in container.decode(video):
            chosen = frame
            if frame.time is not None and frame.time >= at_seconds:
                break
        if chosen is None:
            raise ValueError("no frame to cut a poster from")
        image = chosen.to_image()
        image.thumbnail((1280, 720))
        image.save(str(target), format="JPEG", quality=82)
