//! Scrolling a library taller than any element a browser allows. Browsers cap an element's
//! height (Chromium near 33.5 million pixels, Firefox near 17.9 million); a million photos in
//! rows are several times that. So the scrolled element is at most `SPACER` high and stands for
//! a window of the whole timeline starting at `base`: when the scroll position nears either end
//! of the spacer, the window moves and the scroll position moves back by the same amount, which
//! the eye does not see. The scrubber jumps by setting both at once.

/// Far below every browser's limit, far above any screen.
pub const SPACER: f64 = 4_000_000.0;

/// Where the spacer window starts and where the element is scrolled to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub base: f64,
    pub scroll_top: f64,
}

pub fn spacer_height(total: f64) -> f64 {
    total.min(SPACER)
}

/// The window that shows timeline position `position` (from the top of everything).
pub fn jump(total: f64, position: f64) -> Window {
    let position = position.clamp(0.0, total.max(0.0));
    if total <= SPACER {
        return Window { base: 0.0, scroll_top: position };
    }
    let base = (position - SPACER / 2.0).clamp(0.0, total - SPACER);
    Window { base, scroll_top: position - base }
}

/// After a scroll: a new window when the scroll position left the middle half of the spacer
/// and the window can move that way; `None` otherwise.
pub fn rebase(total: f64, current: Window) -> Option<Window> {
    if total <= SPACER {
        return (current.base != 0.0).then(|| jump(total, current.base + current.scroll_top));
    }
    let near_top = current.scroll_top < SPACER / 4.0 && current.base > 0.0;
    let near_bottom = current.scroll_top > SPACER * 3.0 / 4.0 && current.base < total - SPACER;
    (near_top || near_bottom).then(|| jump(total, current.base + current.scroll_top))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_timelines_scroll_natively() {
        assert_eq!(jump(10_000.0, 500.0), Window { base: 0.0, scroll_top: 500.0 });
        assert_eq!(rebase(10_000.0, Window { base: 0.0, scroll_top: 9_000.0 }), None);
        assert_eq!(spacer_height(10_000.0), 10_000.0);
    }

    #[test]
    fn a_huge_timeline_reaches_its_last_pixel() {
        // A million photos: about 200 000 rows of 224 px.
        let total = 200_000.0 * 224.0;
        assert!(spacer_height(total) <= SPACER);
        let end = jump(total, total);
        assert_eq!(end.base + end.scroll_top, total);
        assert!(end.scroll_top <= SPACER);
        let start = jump(total, 0.0);
        assert_eq!(start, Window { base: 0.0, scroll_top: 0.0 });
    }

    #[test]
    fn scrolling_past_the_middle_half_moves_the_window_not_the_view() {
        let total = 50_000_000.0;
        let here = Window { base: 10_000_000.0, scroll_top: SPACER * 0.8 };
        let moved = rebase(total, here).unwrap_or(here);
        assert_ne!(moved, here);
        assert_eq!(moved.base + moved.scroll_top, here.base + here.scroll_top, "same place on screen");
        assert_eq!(moved.scroll_top, SPACER / 2.0);
        // In the middle nothing moves; at the very top there is nowhere to go.
        assert_eq!(rebase(total, Window { base: 10_000_000.0, scroll_top: SPACER / 2.0 }), None);
        assert_eq!(rebase(total, Window { base: 0.0, scroll_top: 10.0 }), None);
        // Scrolling down step by step from the top reaches the end.
        let mut window = Window { base: 0.0, scroll_top: 0.0 };
        while window.base + window.scroll_top < total {
            window.scroll_top = (window.scroll_top + 500_000.0).min(SPACER);
            if let Some(moved) = rebase(total, window) {
                window = moved;
            }
            if window.scroll_top >= SPACER && window.base >= total - SPACER {
                break;
            }
        }
        assert_eq!(window.base + window.scroll_top, total);
    }
}
