/**
 * One landscape view's three.js side: a renderer on its own canvas, the surface, the frame, the
 * markers and the HTML labels, drawn through the page's shared camera. React only creates it,
 * passes new data and disposes it; camera moves, resizes and draws never go through React.
 */
import {
  AmbientLight,
  DirectionalLight,
  Line,
  Mesh,
  Scene,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { BoxFrame } from './frame';
import { BOX_HALF_WIDTH, coordinateToWorld, lossToHeight, usableRange } from './heightMap';
import { LabelLayer } from './labels';
import { Markers } from './markers';
import { fovForAspect, type CameraClient, type SharedCamera } from './sharedCamera';
import { SurfaceMesh } from './surface';
import type { HeightRange, LandscapeData } from './types';
import { attachKeyboard } from './keyboard';
import { LIGHT_FIGURE, PALETTES, type FigureTheme } from '../theme';

/** 'lost': the GPU context was lost and may come back; 'unavailable': no WebGL at all. */
export type GlStatus = 'ok' | 'lost' | 'unavailable';

export interface SceneElements {
  /** Where the canvas goes; its size is the canvas' size. */
  host: HTMLElement;
  /** Holds the [data-label] elements (labels.ts). */
  labels: HTMLElement;
  /** Receives data-center-loss, data-camera, data-renders. */
  root: HTMLElement;
  /** Id of the element that describes the view and its keys (aria-describedby). */
  descriptionId: string;
}

/** Half the legend column's width (CSS px): the box is centred in the space left of it. */
const LEGEND_SHIFT_PX = 20;

export class LandscapeScene implements CameraClient {
  private readonly canvas = document.createElement('canvas');
  private readonly renderer: WebGLRenderer | null = null;
  private readonly scene = new Scene();
  private readonly surface = new SurfaceMesh();
  private readonly frame = new BoxFrame();
  private readonly markers = new Markers();
  private readonly labels: LabelLayer;
  private readonly controls: OrbitControls | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly centre = new Vector3();
  private readonly adversarial = new Vector3();
  private readonly sizeScratch = new Vector2();
  private range: [number, number] = [0, 1];
  private theme: FigureTheme = LIGHT_FIGURE;
  private data: LandscapeData | null = null;
  private hasData = false;
  private lost = false;
  private width = 0;
  private height = 0;
  private renders = 0;
  /** CPU milliseconds of the last data update and the last draw (for the perf check). */
  lastUpdateMs = 0;
  lastRenderMs = 0;

  constructor(
    private readonly elements: SceneElements,
    private readonly shared: SharedCamera,
    private readonly onStatus: (status: GlStatus) => void,
  ) {
    this.labels = new LabelLayer(elements.labels);
    this.scene.add(this.frame.group, this.surface.group, this.markers.group);
    this.addLights();
    this.surface.visible = false;
    this.canvas.className = 'landscape__canvas';
    // Focusable, so the arrow keys can orbit; 'application' passes the keys through to it.
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', '3D view');
    this.canvas.setAttribute('aria-describedby', elements.descriptionId);
    elements.host.append(this.canvas);
    try {
      this.renderer = new WebGLRenderer({
        canvas: this.canvas,
        antialias: true,
        preserveDrawingBuffer: true, // so the canvas can be read back (screenshots, export)
      });
    } catch (error) {
      console.warn('landscape: WebGL unavailable', error);
      onStatus('unavailable');
      return;
    }
    this.renderer.setClearColor(LIGHT_FIGURE.background, 1);
    this.controls = shared.attachControls(this.canvas);
    this.listen();
    this.cleanups.push(shared.register(this));
  }

  private addLights(): void {
    // Mostly ambient so the colours stay close to the colour map; one key light from above and in
    // front for shading, so slopes read in a still picture.
    this.scene.add(new AmbientLight(0xffffff, 1.7));
    const key = new DirectionalLight(0xffffff, 1.6);
    key.position.set(1.5, 4, 2.5);
    this.scene.add(key);
  }

  private listen(): void {
    const canvas = this.canvas;
    const on = (type: string, handler: (event: Event) => void) => {
      canvas.addEventListener(type, handler);
      this.cleanups.push(() => canvas.removeEventListener(type, handler));
    };
    on('webglcontextlost', (event) => {
      event.preventDefault(); // without it the browser never restores the context
      this.lost = true;
      this.forgetLostBuffers();
      this.onStatus('lost');
    });
    on('webglcontextrestored', () => {
      // three.js (its own listener, added first, has run) re-creates its GL state; buffers and
      // programs are re-made from the meshes' arrays at the next draw. Its background state is new
      // too, with a black clear colour: the theme's goes back. Nothing draws by itself (renders
      // are on demand), so ask for one.
      this.lost = false;
      this.applyTheme(this.theme);
      this.onStatus('ok');
      this.shared.requestRender(this);
    });
    on('dblclick', () => this.shared.reset());
    this.cleanups.push(attachKeyboard(canvas, this.shared));
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      this.width = Math.floor(box.width);
      this.height = Math.floor(box.height);
      this.shared.requestRender(this);
    });
    observer.observe(this.elements.host);
    this.cleanups.push(() => observer.disconnect());
  }

  /**
   * Drops three.js's records of the lost context's buffers while GL calls are no-ops. Otherwise
   * they outlive a restore and are deleted at unmount as objects of another context (Chromium
   * warns "object does not belong to this context" for each). The arrays stay: a disposed
   * geometry that is drawn again is uploaded again.
   */
  private forgetLostBuffers(): void {
    this.scene.traverse((object) => {
      if (object instanceof Mesh || object instanceof Line) object.geometry.dispose();
    });
  }

  /** New data or range: updates the mesh, contours and markers in place, then asks for a draw. */
  setData(data: LandscapeData | null, heightRange: HeightRange): void {
    const start = performance.now();
    this.data = data;
    const [lo, hi] = (this.range = usableRange(heightRange));
    const valid = data !== null && data.loss.length === data.size * data.size && data.size >= 2;
    if (data && !valid) console.warn(`landscape: ${data.loss.length} losses is not ${data.size}²`);
    this.hasData = valid;
    this.surface.visible = valid;
    if (!valid) {
      this.frame.setContours(null, 0, lo, hi);
      this.markers.setCentre(null);
      this.markers.setAdversarial(null);
      this.labels.setMarkers(null, null);
    } else {
      this.surface.update(data.loss, data.size, lo, hi);
      this.frame.setContours(data.loss, data.size, lo, hi);
      this.centre.set(0, lossToHeight(data.centerLoss, lo, hi), 0);
      this.markers.setCentre(this.centre.y);
      const adversarial = data.adversarial ? this.adversarialPoint(data) : null;
      this.markers.setAdversarial(adversarial);
      this.labels.setMarkers(this.centre, adversarial);
    }
    this.lastUpdateMs = performance.now() - start;
    this.shared.requestRender(this);
  }

  /** x′ in world coordinates, clamped into the box (the label says when it lies outside). */
  private adversarialPoint(data: LandscapeData): Vector3 {
    const { a, b, loss } = data.adversarial!;
    const clamp = (v: number) => Math.max(-BOX_HALF_WIDTH, Math.min(BOX_HALF_WIDTH, v));
    const [lo, hi] = this.range;
    return this.adversarial.set(
      clamp(coordinateToWorld(a, data.radius)),
      lossToHeight(loss, lo, hi),
      -clamp(coordinateToWorld(b, data.radius)),
    );
  }

  /** The canvas' accessible name. */
  setLabel(label: string): void {
    this.canvas.setAttribute('aria-label', label);
  }

  /** The theme's background and floor: a redraw of the same surface, nothing recomputed. */
  setTheme(theme: FigureTheme): void {
    this.theme = theme;
    this.applyTheme(theme);
    this.shared.requestRender(this);
  }

  private applyTheme(theme: FigureTheme): void {
    this.renderer?.setClearColor(theme.background, 1);
    this.frame.setTheme(theme.name);
  }

  setColour(colour: string): void {
    this.frame.setColour(colour);
    this.shared.requestRender(this);
  }

  /** Draws through the shared camera at this view's size (called by the shared camera's frame). */
  render(): void {
    const renderer = this.renderer;
    if (!renderer || this.lost || this.width === 0 || this.height === 0) return;
    const start = performance.now();
    this.draw(renderer, Math.min(window.devicePixelRatio || 1, 2));
    this.labels.update(this.shared.camera, this.width, this.height);
    this.renders += 1;
    this.lastRenderMs = performance.now() - start;
    this.publish();
  }

  private draw(renderer: WebGLRenderer, pixelRatio: number): void {
    if (renderer.getPixelRatio() !== pixelRatio) renderer.setPixelRatio(pixelRatio);
    const size = renderer.getSize(this.sizeScratch);
    if (size.x !== this.width || size.y !== this.height)
      renderer.setSize(this.width, this.height, false);
    const camera = this.shared.camera;
    camera.aspect = this.width / this.height;
    camera.fov = fovForAspect(camera.aspect);
    // Shifts the picture left so the box clears the legend on the right (updates the projection).
    camera.setViewOffset(this.width, this.height, LEGEND_SHIFT_PX, 0, this.width, this.height);
    renderer.render(this.scene, camera);
  }

  /** The view's size in CSS pixels (0 × 0 before layout). */
  size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /**
   * The view re-rendered at `scale` device pixels per CSS pixel (not upscaled) onto a new 2-D
   * canvas, with its HTML labels drawn in at the same scale, in `theme` (the screen's when not
   * given); null when there is nothing to draw.
   */
  snapshot(
    scale: number,
    heightRange?: HeightRange,
    theme: FigureTheme = this.theme,
  ): HTMLCanvasElement | null {
    const renderer = this.renderer;
    if (!renderer || this.lost || this.width === 0 || this.height === 0 || !this.hasData) {
      return null;
    }
    // Another height scale (a three-network figure's shared one): redrawn with it, then restored.
    const restore = heightRange ? this.range : null;
    if (heightRange) this.setData(this.data, heightRange);
    if (theme !== this.theme) this.applyTheme(theme);
    this.draw(renderer, scale);
    const out = document.createElement('canvas');
    out.width = Math.round(this.width * scale);
    out.height = Math.round(this.height * scale);
    const context = out.getContext('2d')!;
    context.drawImage(this.canvas, 0, 0, out.width, out.height);
    drawHtmlLabels(context, this.elements.labels, this.elements.host, scale, theme);
    if (theme !== this.theme) this.applyTheme(this.theme);
    if (restore) this.setData(this.data, restore);
    this.shared.requestRender(this); // back to the screen's pixel ratio
    return out;
  }

  /** The surface as binary glTF (vertex positions, normals and colours), for 3D tools. */
  async gltf(): Promise<ArrayBuffer> {
    if (!this.hasData) throw new Error('no landscape to export yet');
    const { GLTFExporter } = await import('three/examples/jsm/exporters/GLTFExporter.js');
    const result = await new GLTFExporter().parseAsync(this.surface.group, { binary: true });
    if (!(result instanceof ArrayBuffer))
      throw new Error('GLTFExporter did not return binary glTF');
    return result;
  }

  /** The test hooks: what was drawn, read back from the scene itself. */
  private publish(): void {
    const root = this.elements.root;
    const { x, y, z } = this.shared.camera.position;
    root.dataset.camera = `${x.toFixed(4)},${y.toFixed(4)},${z.toFixed(4)}`;
    root.dataset.renders = String(this.renders);
    root.dataset.renderMs = this.lastRenderMs.toFixed(2);
    root.dataset.updateMs = this.lastUpdateMs.toFixed(2);
    const centreLoss = this.hasData ? this.surface.centreLoss(this.range[0], this.range[1]) : null;
    if (centreLoss === null) delete root.dataset.centerLoss;
    else root.dataset.centerLoss = String(centreLoss);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.controls?.dispose();
    this.surface.dispose();
    this.frame.dispose();
    this.markers.dispose();
    if (this.renderer) {
      this.renderer.dispose();
      // Frees the context now rather than at garbage collection: browsers cap live contexts. A
      // lost one is free already (and offers no extensions: three.js would warn of a missing one).
      if (!this.lost) this.renderer.forceContextLoss();
    }
    this.canvas.remove();
  }
}

/** The visible [data-label] elements' text, drawn where they sit over the host, at `scale`, in
 * the theme's colours (ink; muted for axis titles; the x′ label its own). */
function drawHtmlLabels(
  context: CanvasRenderingContext2D,
  labels: HTMLElement,
  host: HTMLElement,
  scale: number,
  theme: FigureTheme,
): void {
  const colourOf = (element: HTMLElement) =>
    element.classList.contains('landscape__axis-title')
      ? theme.muted
      : element.classList.contains('landscape__marker-label--adv')
        ? PALETTES[theme.name]['adversarial-text']
        : theme.ink;
  const origin = host.getBoundingClientRect();
  context.textBaseline = 'middle';
  for (const element of Array.from(labels.querySelectorAll<HTMLElement>('[data-label]'))) {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0) continue;
    const fontSize = parseFloat(style.fontSize) * scale;
    context.font = `${style.fontWeight} ${fontSize}px ${style.fontFamily}`;
    context.fillStyle = colourOf(element);
    context.textAlign = 'center';
    const x = (box.left - origin.left + box.width / 2) * scale;
    const y = (box.top - origin.top + box.height / 2) * scale;
    context.fillText(element.textContent ?? '', x, y);
  }
}
