'use client';

import { type KeyboardEvent, type ReactNode, type SyntheticEvent, useId, useRef, useState } from 'react';
import { IconControl } from './video-icons';
import type { VideoResultLabels } from './video-result-labels';
import type { VideoResultClassFor } from './video-result-types';

/** Props of {@link VideoPlayer}. */
export interface VideoPlayerProps {
  /** The MP4 to play. */
  src: string;
  /** The still shown before playback: the last frame when the job returned one. */
  poster?: string | undefined;
  /** Whether playback starts looped. */
  defaultLoop: boolean;
  /** The strings. */
  text: VideoResultLabels;
  /** Class names per part. */
  classFor: VideoResultClassFor;
  /** The toolbar laid over the video. */
  toolbar: ReactNode;
}

/** Seconds a J or L press moves; an arrow moves one. */
const LONG_SEEK = 5;

/**
 * The video with its own controls: play, position, mute, loop and full screen as buttons and a slider, the toolbar
 * over it, and keyboard shortcuts while the player has focus (never from a text field, and never a key a focused
 * control uses itself). Each shortcut is announced in a polite live region.
 */
export function VideoPlayer({ src, poster, defaultLoop, text, classFor, toolbar }: VideoPlayerProps) {
  const playerRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const shortcutsId = useId();
  const [playing, setPlaying] = useState(false);
  const [muted, setMuted] = useState(false);
  const [loop, setLoop] = useState(defaultLoop);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [announcement, setAnnouncement] = useState('');

  const video = () => videoRef.current;
  const togglePlay = () => {
    const element = video();
    if (!element) return;
    if (element.paused || element.ended) {
      // A browser may refuse to play (autoplay rules, an unsupported file): the state follows the element's events.
      void element.play()?.catch(ignore);
      return text.announce.playing;
    }
    element.pause();
    return text.announce.paused;
  };
  const toggleMute = () => {
    const element = video();
    if (!element) return;
    element.muted = !element.muted;
    return element.muted ? text.announce.muted : text.announce.unmuted;
  };
  const toggleLoop = () => {
    setLoop((current) => !current);
    return loop ? text.announce.loopOff : text.announce.loopOn;
  };
  const seekBy = (seconds: number) => {
    const element = video();
    if (!element) return;
    const end = Number.isFinite(element.duration) ? element.duration : 0;
    element.currentTime = Math.min(end, Math.max(0, element.currentTime + seconds));
    setTime(element.currentTime);
    return text.announce.seeked(element.currentTime);
  };
  const toggleFullscreen = () => {
    const player = playerRef.current;
    if (!player) return;
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(ignore);
    else void player.requestFullscreen?.().catch(ignore);
    return text.announce.fullscreen;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (isTextField(target)) return;
    const onControl = target !== event.currentTarget && target.matches('button, a, input, select, [role="slider"]');
    const onSlider = target.matches('input[type="range"]');
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    let said: string | undefined;
    if (key === ' ' && onControl) return;
    if ((key === 'ArrowLeft' || key === 'ArrowRight') && onSlider) return;
    if (key === ' ' || key === 'k') said = togglePlay();
    else if (key === 'j') said = seekBy(-LONG_SEEK);
    else if (key === 'l') said = seekBy(LONG_SEEK);
    else if (key === 'ArrowLeft') said = seekBy(-1);
    else if (key === 'ArrowRight') said = seekBy(1);
    else if (key === 'm') said = toggleMute();
    else if (key === 'f') said = toggleFullscreen();
    else return;
    event.preventDefault();
    if (said) setAnnouncement(said);
  };

  const sync = (event: SyntheticEvent<HTMLVideoElement>) => {
    const element = event.currentTarget;
    setPlaying(!element.paused && !element.ended);
    setMuted(element.muted);
    setTime(element.currentTime);
    setDuration(Number.isFinite(element.duration) ? element.duration : 0);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would draw a form group; this is the player's group.
    <div
      ref={playerRef}
      role="group"
      aria-label={text.player}
      aria-describedby={shortcutsId}
      aria-keyshortcuts="Space K J L ArrowLeft ArrowRight M F"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the player takes focus so its keyboard shortcuts work.
      tabIndex={0}
      className={classFor('player')}
      data-playing={playing ? '' : undefined}
      onKeyDown={onKeyDown}
    >
      {/* biome-ignore lint/a11y/useMediaCaption: the model returns no transcript, so there is no caption track to offer. */}
      <video
        ref={videoRef}
        className={classFor('video')}
        aria-label={text.video}
        playsInline
        // Metadata first: the browser then fetches the first frame by range without downloading the whole file.
        preload="metadata"
        poster={poster}
        loop={loop}
        src={src}
        onClick={() => togglePlay()}
        onPlay={sync}
        onPause={sync}
        onEnded={sync}
        onTimeUpdate={sync}
        onLoadedMetadata={sync}
        onDurationChange={sync}
        onVolumeChange={sync}
      />
      {toolbar}
      <div className={classFor('controls')}>
        <IconControl
          part="playToggle"
          icon={playing ? 'pause' : 'play'}
          label={playing ? text.pause : text.play}
          onClick={() => togglePlay()}
          classFor={classFor}
        />
        <input
          type="range"
          className={classFor('seek')}
          aria-label={text.seek}
          aria-valuetext={text.position(time, duration).replace(' / ', ' of ')}
          min={0}
          max={duration || 1}
          step={0.1}
          value={Math.min(time, duration || 1)}
          onChange={(event) => {
            const element = video();
            if (element) element.currentTime = Number(event.currentTarget.value);
          }}
        />
        <span className={classFor('time')} aria-hidden="true">
          {text.position(time, duration)}
        </span>
        <IconControl
          part="muteToggle"
          icon={muted ? 'mute' : 'sound'}
          label={text.mute}
          pressed={muted}
          onClick={() => toggleMute()}
          classFor={classFor}
        />
        <IconControl
          part="loopToggle"
          icon="loop"
          label={text.loop}
          pressed={loop}
          onClick={() => toggleLoop()}
          classFor={classFor}
        />
        <IconControl
          part="fullscreen"
          icon="fullscreen"
          label={text.fullscreen}
          onClick={() => toggleFullscreen()}
          classFor={classFor}
        />
      </div>
      <p id={shortcutsId} className={classFor('shortcuts')}>
        {text.shortcuts}
      </p>
      <p className={classFor('announcer')} aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

/** Fields that take typed text: their keys are never shortcuts. */
function isTextField(element: HTMLElement): boolean {
  if (element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (!(element instanceof HTMLInputElement)) return false;
  return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'].includes(element.type);
}

function ignore(): void {
  // The element's own events say what happened.
}
