//! Reading a PDF's pages as laid out, in Rust (hayro, which the tool already builds):
//! every letter with its place and its font, and the pictures drawn, so a test can say
//! which words are bold, that nothing runs past the margins, and that every picture
//! printed, with nothing installed beyond Rust.

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::util::TransformExt;
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint, PathDrawMode, SoftMask,
    interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect};

/// One letter on a page: its text, where it starts and ends across the page and how far
/// down it sits (in points, from the top left), and its font's PostScript name.
#[derive(Debug, Clone)]
pub struct Letter {
    pub text: String,
    pub x: f64,
    pub end: f64,
    pub y: f64,
    pub font: String,
}

/// One page: its width in points, its letters in drawing order, how many raster pictures
/// it draws and the colours its shapes are filled with (as `#rrggbb`: a drawing, such as
/// an SVG flow chart, is shapes, not a picture).
#[derive(Debug, Default)]
pub struct PageLayout {
    pub width: f64,
    pub letters: Vec<Letter>,
    pub pictures: usize,
    pub fills: Vec<String>,
}

impl PageLayout {
    /// The page's words, a line at a time from the top, left to right.
    pub fn words(&self) -> Vec<String> {
        let mut letters = self.letters.clone();
        letters.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        let mut lines: Vec<Vec<Letter>> = Vec::new();
        for letter in letters {
            match lines.last_mut() {
                Some(line) if (letter.y - line[0].y).abs() < 2.0 => line.push(letter),
                _ => lines.push(vec![letter]),
            }
        }
        let mut words = Vec::new();
        for mut line in lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut word = String::new();
            let mut last_end: Option<f64> = None;
            for letter in line {
                let gap = last_end.map_or(0.0, |end| letter.x - end);
                if gap > 1.5 || letter.text.trim().is_empty() {
                    words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
                }
                word.push_str(letter.text.trim());
                last_end = Some(letter.end);
            }
            words.extend((!word.is_empty()).then_some(word));
        }
        words
    }
}

/// Every page of `pdf`, laid out.
pub fn pages(pdf: &[u8]) -> Vec<PageLayout> {
    let pdf = Pdf::new(pdf.to_vec()).expect("a PDF hayro reads");
    let cache = InterpreterCache::new();
    pdf.pages()
        .iter()
        .map(|page| {
            let (width, height) = page.render_dimensions();
            let bounds = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
            let mut context =
                Context::new(page.initial_transform(true).to_kurbo(), bounds, &cache, page.xref(), InterpreterSettings::default());
            let mut layout = PageLayout { width: f64::from(width), ..PageLayout::default() };
            interpret_page(page, &mut context, &mut layout);
            layout
        })
        .collect()
}

impl<'a> Device<'a> for PageLayout {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, paint: &Paint<'a>, _: &PathDrawMode) {
        if let Paint::Color(color) = paint {
            let [r, g, b, _] = color.to_rgba().to_rgba8();
            self.fills.push(format!("#{r:02x}{g:02x}{b:02x}"));
        }
    }
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(&mut self, glyph: &Glyph<'a>, transform: Affine, glyph_transform: Affine, _: &Paint<'a>, _: &GlyphDrawMode) {
        let placed = transform * glyph_transform;
        let text = match glyph.as_unicode() {
            Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
            Some(hayro_interpret::hayro_cmap::BfString::String(s)) => s,
            None => String::new(),
        };
        let (font, advance) = match glyph {
            Glyph::Outline(outline) => (
                outline.font_data().and_then(|data| data.postscript_name).unwrap_or_default(),
                outline.advance_width().map_or(500.0, f64::from),
            ),
            Glyph::Type3(_) => (String::new(), 500.0),
        };
        let origin = placed * Point::ORIGIN;
        let [a, b, ..] = placed.as_coeffs();
        let end = (origin + kurbo::Vec2::new(a, b) * advance).x;
        self.letters.push(Letter { text, x: origin.x, end, y: origin.y, font });
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {
        self.pictures += 1;
    }
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
