import { useLayoutEffect, useRef, useState } from 'react';
import { cx } from '@/components/govuk';

/** The width a chart is drawn at before its box is measured (and where nothing measures: tests). */
const FALLBACK_WIDTH = 640;

/**
 * Where a chart drawn by Observable Plot goes: `draw` is given the width of the box and returns
 * the chart's SVG (or a figure holding it), which is put in the box and drawn again when the box
 * changes width (a phone turned, a window resized; not for printing). The chart is a picture of figures the page
 * gives in words too, so it is hidden from screen readers.
 *
 * Plot puts a `<style>` element in each chart; the service's Content-Security-Policy refuses
 * inline styles, so it is taken out before the chart reaches the page (its rules are in the
 * style sheet, `.app-plot`). Styles Plot sets one by one go through the CSSOM, which the policy
 * allows.
 */
export function PlotFrame({ draw, className }: { draw: (width: number) => Element; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    // On paper the chart keeps the drawing it has on screen, scaled to the page's width: drawn
    // again for the page, its layout would change between one printing and the next.
    const printing = () => typeof window.matchMedia === 'function' && window.matchMedia('print').matches;
    const measure = () => {
      if (!printing()) setWidth(Math.floor(element.getBoundingClientRect().width));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = draw(width > 0 ? width : FALLBACK_WIDTH);
    for (const style of chart.querySelectorAll('style')) style.remove();
    element.replaceChildren(chart);
    return () => element.replaceChildren();
  }, [draw, width]);

  return <div ref={box} className={cx('app-plot', className)} aria-hidden="true" />;
}
