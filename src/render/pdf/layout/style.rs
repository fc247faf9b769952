//! Page geometry, type sizes and colours: how the report looks, in one place. The defaults read
//! like the plan: A4 portrait, BIZ UDGothic about 10 pt, bold headings, thin grey rules and
//! light grey label cells.

use crate::plan::Grade;
use crate::render::pdf::ir::{Color, FontStyle, Stroke, A4_HEIGHT, A4_WIDTH};

/// A face, size and colour, and the height of one line set in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub size: f32,
    pub style: FontStyle,
    pub color: Color,
    /// Baseline-to-baseline distance.
    pub leading: f32,
}

impl Font {
    pub const fn new(size: f32, style: FontStyle, color: Color, leading: f32) -> Font {
        Font {
            size,
            style,
            color,
            leading,
        }
    }

    pub const fn with_color(self, color: Color) -> Font {
        Font { color, ..self }
    }

    pub const fn bold(self) -> Font {
        Font {
            style: FontStyle::Bold,
            ..self
        }
    }

    /// Where the baseline sits below the top of a line box: the glyphs (ascent ≈ 0.88 em,
    /// descent ≈ 0.12 em in BIZ UDGothic) centred in the leading.
    pub fn baseline(&self) -> f32 {
        (self.leading - self.size) / 2.0 + self.size * 0.88
    }
}

/// A rectangle on the page, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub page_width: f32,
    pub page_height: f32,
    /// The page margins: nothing is drawn outside them.
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    /// Inside the margins, above the body: the running header.
    pub header_height: f32,
    /// Inside the margins, below the body: the page number.
    pub footer_height: f32,

    pub body: Font,
    pub small: Font,
    pub label: Font,
    pub table: Font,
    pub pillar: Font,
    pub section: Font,
    pub subsection: Font,
    pub group: Font,
    pub band_title: Font,
    pub band_small: Font,
    pub initiative_title: Font,
    pub running: Font,
    pub cover_title: Font,
    pub cover_subtitle: Font,
    pub cover_line: Font,
    pub summary_heading: Font,
    pub summary_subheading: Font,

    pub rule: Stroke,
    pub heading_rule: Stroke,
    pub label_fill: Color,
    pub band_number_fill: Color,
    pub stamp: Color,
    pub accent: Color,
    pub ungraded_fill: Color,

    /// Width of the label column (取組内容 …) of a box.
    pub label_width: f32,
    pub cell_pad_x: f32,
    pub cell_pad_y: f32,
    /// Space between blocks (an item's band and its boxes, two boxes …).
    pub gap: f32,
    /// Space before a new item.
    pub item_gap: f32,
    pub bar_height: f32,
}

impl Default for Style {
    fn default() -> Self {
        let black = Color::BLACK;
        let grey = Color::rgb(110, 110, 110);
        let r = FontStyle::Regular;
        let b = FontStyle::Bold;
        Style {
            page_width: A4_WIDTH,
            page_height: A4_HEIGHT,
            margin_top: 34.0,
            margin_bottom: 34.0,
            margin_left: 50.0,
            margin_right: 50.0,
            header_height: 30.0,
            footer_height: 26.0,
            body: Font::new(10.0, r, black, 15.5),
            small: Font::new(9.0, r, black, 13.5),
            label: Font::new(9.0, r, black, 13.0),
            table: Font::new(9.0, r, black, 13.0),
            pillar: Font::new(14.0, b, black, 22.0),
            section: Font::new(12.0, b, black, 19.0),
            subsection: Font::new(11.0, b, black, 17.0),
            group: Font::new(10.5, b, black, 16.5),
            band_title: Font::new(10.5, b, black, 15.5),
            band_small: Font::new(9.0, r, black, 13.0),
            initiative_title: Font::new(10.0, b, black, 15.0),
            running: Font::new(8.0, r, grey, 12.0),
            cover_title: Font::new(24.0, b, black, 36.0),
            cover_subtitle: Font::new(18.0, b, black, 28.0),
            cover_line: Font::new(14.0, r, black, 22.0),
            summary_heading: Font::new(16.0, b, black, 26.0),
            summary_subheading: Font::new(11.5, b, black, 18.0),
            rule: Stroke {
                color: Color::rgb(140, 140, 140),
                width: 0.5,
            },
            heading_rule: Stroke {
                color: Color::rgb(60, 60, 60),
                width: 1.2,
            },
            label_fill: Color::rgb(235, 235, 235),
            band_number_fill: Color::rgb(220, 220, 220),
            stamp: Color::rgb(200, 30, 30),
            accent: Color::rgb(40, 70, 120),
            ungraded_fill: Color::rgb(200, 200, 200),
            label_width: 84.0,
            cell_pad_x: 5.0,
            cell_pad_y: 3.5,
            gap: 8.0,
            item_gap: 18.0,
            bar_height: 18.0,
        }
    }
}

impl Style {
    /// The page inside its margins: every op lies within it.
    pub fn frame(&self) -> Area {
        Area {
            x: self.margin_left,
            y: self.margin_top,
            w: self.page_width - self.margin_left - self.margin_right,
            h: self.page_height - self.margin_top - self.margin_bottom,
        }
    }

    /// Where the flowing content goes: the frame less the running header and the footer.
    pub fn body_area(&self) -> Area {
        let f = self.frame();
        Area {
            x: f.x,
            y: f.y + self.header_height,
            w: f.w,
            h: f.h - self.header_height - self.footer_height,
        }
    }

    /// A distinct colour for each grade of a scale of any length: greens for grades on
    /// target (darker is better), blue for a completing grade, amber to red below target.
    pub fn grade_color(&self, scale: &[Grade], index: usize) -> Color {
        const GREENS: [Color; 4] = [
            Color::rgb(27, 120, 55),
            Color::rgb(90, 174, 97),
            Color::rgb(166, 219, 160),
            Color::rgb(60, 150, 140),
        ];
        const BLUES: [Color; 2] = [Color::rgb(49, 90, 160), Color::rgb(110, 140, 200)];
        const WARM: [Color; 4] = [
            Color::rgb(240, 160, 40),
            Color::rgb(215, 48, 39),
            Color::rgb(140, 30, 60),
            Color::rgb(120, 90, 160),
        ];
        let Some(g) = scale.get(index) else {
            return self.ungraded_fill;
        };
        // Rank within its family: by level, best first, ties in scale order.
        let rank = scale
            .iter()
            .enumerate()
            .filter(|(i, o)| {
                family(o) == family(g) && (o.level > g.level || (o.level == g.level && *i < index))
            })
            .count();
        let palette: &[Color] = match family(g) {
            0 => &BLUES,
            1 => &GREENS,
            _ => &WARM,
        };
        palette[rank % palette.len()]
    }
}

fn family(g: &Grade) -> u8 {
    if g.completes {
        0
    } else if g.on_target {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Settings;

    #[test]
    fn every_grade_of_the_default_scale_has_its_own_colour() {
        let style = Style::default();
        let scale = Settings::default().grades;
        let colors: Vec<Color> = (0..scale.len())
            .map(|i| style.grade_color(&scale, i))
            .collect();
        for (i, a) in colors.iter().enumerate() {
            for b in &colors[i + 1..] {
                assert_ne!(a, b);
            }
            assert_ne!(*a, style.ungraded_fill);
        }
    }

    #[test]
    fn the_body_lies_inside_the_frame() {
        let s = Style::default();
        let (f, b) = (s.frame(), s.body_area());
        assert!(b.x >= f.x && b.y >= f.y && b.right() <= f.right() && b.bottom() <= f.bottom());
        assert!(b.h > 600.0);
    }
}
